using System.Diagnostics;
using System.Text;
using AgentHub.Bench.Harness;

namespace AgentHub.Bench.Realtime;

/// <summary>Everything a scenario needs: the hub, the meter, the database, the settings.</summary>
internal sealed class RealtimeContext(HubProcess hub, ResourceMeter meter, string databaseConnectionString, RealtimeSettings settings, Func<string, string> mintUserToken)
{
    public HubProcess Hub { get; } = hub;

    public ResourceMeter Meter { get; } = meter;

    /// <summary>The bench database as its superuser, for the writer.</summary>
    public string Database { get; } = databaseConnectionString;

    public RealtimeSettings Settings { get; } = settings;

    /// <summary>A signed <c>authenticated</c> token for the given user id (uuid text).</summary>
    public Func<string, string> MintUserToken { get; } = mintUserToken;
}

/// <summary>One scenario's outcome: its table row plus what it cost and anything worth saying.</summary>
internal sealed record ScenarioOutcome(BenchResult Result, CpuUse? Cpu, HubStats? Hub, LoadGenStats? LoadGen, string Notes);

/// <summary>The load generator's own GC, to show it is not the bottleneck.</summary>
internal sealed record LoadGenStats(int Gen0, int Gen1, int Gen2, long AllocatedBytes)
{
    public static LoadGenStats Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes());

    public static LoadGenStats operator -(LoadGenStats end, LoadGenStats start) =>
        new(end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2, end.AllocatedBytes - start.AllocatedBytes);
}

/// <summary>Measures CPU, hub GC and load-generator GC around a measurement window.</summary>
internal sealed class Measurement
{
    private readonly RealtimeContext _context;
    private CpuSample? _cpu;
    private HubStats? _hub;
    private LoadGenStats? _load;

    private Measurement(RealtimeContext context) => _context = context;

    public static async Task<Measurement> StartAsync(RealtimeContext context)
    {
        var m = new Measurement(context);
        m._hub = await context.Hub.StatsAsync();
        m._load = LoadGenStats.Now();
        m._cpu = context.Meter.Sample();
        return m;
    }

    public async Task<(CpuUse Cpu, HubStats Hub, LoadGenStats LoadGen)> StopAsync()
    {
        var cpu = _context.Meter.Sample() - _cpu!;
        var load = LoadGenStats.Now() - _load!;
        var hub = await _context.Hub.StatsAsync() - _hub!;
        return (cpu, hub, load);
    }
}

internal static class ScenarioKit
{
    /// <summary>Opens <paramref name="count"/> sockets a few at a time and starts their receive loops.</summary>
    public static async Task<LoadSocket[]> ConnectAsync(Uri url, int count, IFrameSink sink, int firstIndex = 0, int parallel = 16)
    {
        var sockets = new LoadSocket[count];
        var next = -1;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await Task.WhenAll(Enumerable.Range(0, Math.Min(parallel, count)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                sockets[i] = await LoadSocket.ConnectAsync(url, firstIndex + i, timeout.Token);
                sockets[i].Start(sink);
            }
        }));
        return sockets;
    }

    /// <summary>
    /// A <c>phx_join</c> text frame as realtime-js writes it (join ref and ref <c>"j1"</c>).
    /// </summary>
    public static string JoinFrame(string topic, bool presence = false, string presenceKey = "", string? accessToken = null, string? postgresTable = null)
    {
        var changes = postgresTable is null ? "[]" : $"[{{\"event\":\"INSERT\",\"schema\":\"public\",\"table\":\"{postgresTable}\"}}]";
        var token = accessToken is null ? "" : $",\"access_token\":\"{accessToken}\"";
        return $"[\"j1\",\"j1\",\"{topic}\",\"phx_join\",{{\"config\":{{\"broadcast\":{{\"ack\":false,\"self\":false}},\"presence\":{{\"key\":\"{presenceKey}\",\"enabled\":{(presence ? "true" : "false")}}},\"postgres_changes\":{changes},\"private\":false}}{token},\"version\":\"agenthub-bench\"}}]";
    }

    /// <summary>Joins every socket (a few at a time) and waits for every join reply.</summary>
    public static async Task JoinAllAsync(IReadOnlyList<LoadSocket> sockets, Func<LoadSocket, string> frame, int parallel = 32)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(parallel, sockets.Count)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < sockets.Count)
            {
                await sockets[i].SendTextAsync(frame(sockets[i]));
                await sockets[i].Joined.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
        }));
    }

    /// <summary>The join reply (ref "j1", status ok) and the postgres_changes "Subscribed" system message complete the socket's tasks.</summary>
    public static bool HandleControl(LoadSocket socket, ReadOnlySpan<byte> frame, ReadOnlySpan<byte> @event)
    {
        if (@event.SequenceEqual("phx_reply"u8))
        {
            if (Wire.Ref(frame).SequenceEqual("j1"u8))
            {
                if (frame.IndexOf("\"status\":\"ok\""u8) >= 0) socket.Joined.TrySetResult();
                else socket.Joined.TrySetException(new InvalidOperationException("join refused: " + Encoding.UTF8.GetString(frame)));
            }
            return true;
        }
        if (@event.SequenceEqual("system"u8))
        {
            if (frame.IndexOf("\"status\":\"ok\""u8) >= 0) socket.Subscribed.TrySetResult();
            else socket.Subscribed.TrySetException(new InvalidOperationException("postgres_changes refused: " + Encoding.UTF8.GetString(frame)));
            return true;
        }
        return false;
    }

    /// <summary>Heartbeats every 20 s on sockets that otherwise only receive, as realtime-js does every 25 s.</summary>
    public static async Task HeartbeatAsync(IReadOnlyList<LoadSocket> sockets, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(20), stop);
                foreach (var socket in sockets)
                {
                    if (socket.IsOpen) await socket.HeartbeatAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public static async Task CloseAllAsync(IEnumerable<LoadSocket> sockets)
    {
        var all = sockets.Where(s => s is not null).ToArray();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(64, Math.Max(1, all.Length))).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < all.Length) await all[i].CloseAsync(TimeSpan.FromSeconds(5));
        }));
        foreach (var socket in all) await socket.DisposeAsync();
    }

    /// <summary>Sockets whose receive loop failed (closed by the hub as slow consumers, reset...), with the first reason.</summary>
    public static string Failures(IEnumerable<LoadSocket> sockets)
    {
        var failed = sockets.Where(s => s.Failure is not null).ToList();
        return failed.Count == 0 ? "" : $"{failed.Count} sockets failed (first: {failed[0].Failure})";
    }

    public static long Now => Stopwatch.GetTimestamp();

    public static long After(TimeSpan span) => Stopwatch.GetTimestamp() + (long)(span.TotalSeconds * Stopwatch.Frequency);

    public static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}
