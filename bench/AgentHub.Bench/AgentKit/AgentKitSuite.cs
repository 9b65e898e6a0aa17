using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using AgentHub.Bench.Harness;
using AgentHub.Client;
using AgentHub.Client.Realtime;
using Spectre.Console;

namespace AgentHub.Bench.AgentKit;

/// <summary>
/// Issue #5, latencies, through a real hub and the .NET SDK:
/// <list type="bullet">
/// <item>message send → receive: agent A calls send_message (RPC over HTTP) addressed to agent B;
/// B is subscribed to INSERTs on agenthub.messages over realtime postgres_changes.</item>
/// <item>run update → subscriber: agent A calls update_run_progress; a watcher of the same tenant is
/// subscribed to UPDATEs of that run.</item>
/// </list>
/// One operation at a time: the clock starts before the RPC is sent and stops when the subscriber's
/// handler runs, so each sample is the whole path (HTTP, commit, WAL decoding, authorization, fan-out, WebSocket).
/// </summary>
internal static class AgentKitSuite
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(10);

    public static async Task<List<BenchResult>> RunAsync(BenchOptions options)
    {
        await using var cluster = new BenchDatabase();
        await cluster.StartAsync();
        // The bench cluster runs with synchronous_commit off; then a commit's WAL reaches the disk
        // (and so the walsender, and so realtime) only at the WAL writer's next round, up to 200 ms
        // later, which would be measured as latency. A hub's own cluster commits synchronously.
        await cluster.ExecuteAsync("alter system set synchronous_commit = on");
        await cluster.ExecuteAsync("select pg_reload_conf()");
        await using var hub = await BenchHub.StartAsync(cluster, "agentkit", "select 1;", Guid.NewGuid());
        var (tokenA, tenant, _) = await hub.Server.MintAgentTokenAsync("bench", "sender");
        var (tokenB, _, agentB) = await hub.Server.MintAgentTokenAsync("bench", "receiver");
        await using var sender = Client(hub, tokenA);
        await using var receiver = Client(hub, tokenB);

        var waiting = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        void Arrived(string key)
        {
            if (waiting.TryRemove(key, out var done)) done.TrySetResult(Stopwatch.GetTimestamp());
        }

        var run = await sender.Rest.RpcAsync("start_run", new { p_name = "bench" }, "agenthub");
        var runId = run.GetProperty("id").GetGuid();
        var channel = receiver.Realtime.Channel($"tenant:{tenant}")
            .OnPostgresChanges("INSERT", "agenthub", "messages", $"recipient_agent_id=eq.{agentB}",
                change => Arrived("m" + change.Record.GetProperty("body").GetProperty("n").GetInt32()))
            .OnPostgresChanges("UPDATE", "agenthub", "runs", $"id=eq.{runId}",
                change => { if (change.Record.GetProperty("current_step").GetString() is { } step) Arrived(step); });
        await receiver.Realtime.ConnectAsync();
        await channel.SubscribeAsync();

        var results = new List<BenchResult>();
        var n = 0;
        results.Add(await MeasureAsync("message send -> receive (direct, RPC + postgres_changes)", options, waiting, () =>
        {
            var key = "m" + Interlocked.Increment(ref n);
            return (key, () => sender.Rest.RpcAsync("send_message", new { p_body = new { n }, p_recipient = agentB }, "agenthub"));
        }));
        results.Add(await MeasureAsync("run progress -> subscriber (update_run_progress + postgres_changes)", options, waiting, () =>
        {
            var key = "s" + Interlocked.Increment(ref n);
            return (key, () => sender.Rest.RpcAsync("update_run_progress", new { p_run = runId, p_step = key, p_progress = 50 }, "agenthub"));
        }));
        return results;
    }

    private static AgentHubClient Client(BenchHub hub, string token) =>
        new(new AgentHubClientOptions { Url = hub.Server.ApiUrl, ApiKey = hub.Server.Keys.Anon, AccessToken = token });

    /// <summary>Waits for the first delivery (the subscription may need a moment to attach), warms up, then takes the samples one at a time.</summary>
    private static async Task<BenchResult> MeasureAsync(string scenario, BenchOptions options, ConcurrentDictionary<string, TaskCompletionSource<long>> waiting,
                                                        Func<(string Key, Func<Task<JsonElement>> Send)> next)
    {
        AnsiConsole.MarkupLineInterpolated($"[grey]agentkit: {scenario}, {options.Messages} samples[/]");
        var latency = new LatencyRecorder();
        var lost = 0;
        var started = Stopwatch.GetTimestamp();
        var warmup = Math.Max(10, options.Messages / 10);
        for (var i = -warmup; i < options.Messages; i++)
        {
            var (key, send) = next();
            var arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting[key] = arrived;
            var t0 = Stopwatch.GetTimestamp();
            await send();
            var done = await Task.WhenAny(arrived.Task, Task.Delay(ReceiveTimeout));
            if (i == -warmup) started = Stopwatch.GetTimestamp();
            if (done != arrived.Task)
            {
                waiting.TryRemove(key, out _);
                if (i >= 0) lost++;
                continue;
            }
            if (i >= 0) latency.RecordMicros(Stopwatch.GetElapsedTime(t0, arrived.Task.Result).TotalMicroseconds);
        }
        var (p50, p95, p99) = latency.Percentiles();
        return new BenchResult("agentkit", scenario, "agenthub", 1, latency.Count, Stopwatch.GetElapsedTime(started).TotalSeconds, p50, p95, p99,
            lost == 0 ? null : $"{lost} of {options.Messages} not delivered within {ReceiveTimeout.TotalSeconds:0} s");
    }
}
