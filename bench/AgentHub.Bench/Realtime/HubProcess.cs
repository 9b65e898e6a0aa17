using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using System.Threading.Channels;
using AgentHub.Cdc;
using AgentHub.Realtime;
using AgentHub.Server;
using AgentHub.Server.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentHub.Bench.Realtime;

/// <summary>What the hub process reports about itself when asked (<c>stats</c> on its stdin).</summary>
internal sealed record HubStats(
    int Gen0, int Gen1, int Gen2, long AllocatedBytes, double GcPauseMs, bool ServerGc,
    int ThreadPoolThreads, long WorkItems, long PendingWorkItems,
    long Connections, long FramesSent, long FramesReceived, long SlowConsumerDisconnects, long ReplicationLagBytes)
{
    public static HubStats operator -(HubStats end, HubStats start) => end with
    {
        Gen0 = end.Gen0 - start.Gen0,
        Gen1 = end.Gen1 - start.Gen1,
        Gen2 = end.Gen2 - start.Gen2,
        AllocatedBytes = end.AllocatedBytes - start.AllocatedBytes,
        GcPauseMs = end.GcPauseMs - start.GcPauseMs,
        WorkItems = end.WorkItems - start.WorkItems,
        FramesSent = end.FramesSent - start.FramesSent,
        FramesReceived = end.FramesReceived - start.FramesReceived,
        SlowConsumerDisconnects = end.SlowConsumerDisconnects - start.SlowConsumerDisconnects,
    };
}

/// <summary>
/// The hub under test, in its own process (so its CPU, its GC and its thread pool are its own and
/// can be measured apart from the load generator): this same executable started with
/// <c>realtime --hub-child</c>, running <see cref="AgentHubServer.StartAsync"/> on the bench
/// database, answering <c>stats</c> lines on stdin, stopping when stdin closes.
/// </summary>
internal sealed class HubProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Process _process;
    private readonly Channel<string> _stats = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public Uri ApiUrl { get; private set; } = null!;

    public string AnonKey { get; private set; } = "";

    public Uri WebSocketUrl => new($"ws://{ApiUrl.Authority}/realtime/v1/websocket?apikey={AnonKey}&vsn=2.0.0");

    public static async Task<HubProcess> StartAsync(string databaseUrl, string jwtSecret, string migrations, string dataDir, bool serverGc)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.FileName = self;
            start.ArgumentList.Add(typeof(HubProcess).Assembly.Location);
        }
        else
        {
            start.FileName = self;
        }
        foreach (var arg in new[] { "realtime", "--hub-child", "--db-url", databaseUrl, "--migrations", migrations, "--data-dir", dataDir }) start.ArgumentList.Add(arg);
        // Secrets travel by environment, not on the command line (visible in ps).
        start.Environment["AGENTHUB_BENCH_JWT_SECRET"] = jwtSecret;
        // `agenthub serve` runs with the default (workstation, concurrent) GC; measure that unless asked.
        start.Environment["DOTNET_gcServer"] = serverGc ? "1" : "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the hub process");
        var hub = new HubProcess(process);
        _ = hub.ReadOutputAsync();
        _ = hub.ForwardErrorsAsync();
        var ready = await hub._ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var parts = ready.Split(' ');
        hub.ApiUrl = new Uri(parts[1]);
        hub.AnonKey = parts[2];
        return hub;
    }

    public async Task<HubStats> StatsAsync()
    {
        await _process.StandardInput.WriteLineAsync("stats");
        await _process.StandardInput.FlushAsync();
        var line = await _stats.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        return JsonSerializer.Deserialize<HubStats>(line, Json)!;
    }

    /// <summary>Waits until the hub has no connection left (the previous scenario's closes are done).</summary>
    public async Task WaitIdleAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while ((await StatsAsync()).Connections > 0 && deadline.Elapsed < timeout) await Task.Delay(200);
    }

    private async Task ReadOutputAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal)) _ready.TrySetResult(line);
            else if (line.StartsWith("STATS ", StringComparison.Ordinal)) _stats.Writer.TryWrite(line[6..]);
            else Console.Error.WriteLine("[hub] " + line);
        }
        _ready.TrySetException(new InvalidOperationException("the hub process exited before it was ready (see [hub] lines above)"));
        _stats.Writer.TryComplete();
    }

    private async Task ForwardErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line) Console.Error.WriteLine("[hub] " + line);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    /// <summary>The child side: start the hub, print READY, answer stats until stdin closes.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        string Arg(string name) => args.SkipWhile(a => a != name).Skip(1).First();
        var options = new AgentHubOptions
        {
            Port = 0,
            DataDir = Arg("--data-dir"),
            Database = { Url = Arg("--db-url") },
            Migrations = { Directory = Arg("--migrations") },
            Auth = { JwtSecret = Environment.GetEnvironmentVariable("AGENTHUB_BENCH_JWT_SECRET") },
        };
        await using var server = await AgentHubServer.StartAsync(options, logging =>
        {
            AgentHubServer.DefaultLogging(logging);
            // Per-join information logs would measure the console, not the hub.
            logging.SetMinimumLevel(LogLevel.Warning);
        });
        var metrics = server.Services.GetRequiredService<RealtimeMetrics>();
        var replication = server.Services.GetService<ReplicationWorker>();
        Console.Out.WriteLine($"READY {server.ApiUrl} {server.Keys.Anon}");
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command != "stats") continue;
            var m = metrics.Snapshot();
            var stats = new HubStats(
                GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: false),
                GC.GetTotalPauseDuration().TotalMilliseconds, GCSettings.IsServerGC,
                ThreadPool.ThreadCount, ThreadPool.CompletedWorkItemCount, ThreadPool.PendingWorkItemCount,
                m.Connections, m.FramesSent, m.FramesReceived, m.SlowConsumerDisconnects, replication?.Status.LagBytes ?? -1);
            Console.Out.WriteLine("STATS " + JsonSerializer.Serialize(stats, Json));
            Console.Out.Flush();
        }
        await server.StopAsync();
        return 0;
    }
}
