using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AgentHub.Bench.Harness;
using Spectre.Console;

namespace AgentHub.Bench.Realtime;

/// <summary>
/// Presence storm: N connected clients all join one channel with presence enabled (key u&lt;i&gt;)
/// at once and, as soon as each join is answered, track <c>{"user":i}</c>. Each client keeps the
/// set of keys it has seen (presence_state, then presence_diff joins and leaves); the storm is over
/// when every client sees all N keys. Reports the time until then, each client's time to full
/// state (percentiles) and the presence_state / presence_diff frames delivered.
/// </summary>
internal sealed class PresenceStormScenario : IFrameSink
{
    private const string Topic = "realtime:bench-presence";

    private readonly int _clients;
    private readonly TaskCompletionSource _allSynced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _completions = new();
    private readonly List<double> _completionMs = [];
    private long _stormStart;
    private long _states;
    private long _diffs;
    private int _synced;

    private PresenceStormScenario(int clients) => _clients = clients;

    private sealed class ClientView(int clients)
    {
        public readonly bool[] Seen = new bool[clients];
        public int Keys;
        public bool Done;
    }

    public static async Task<ScenarioOutcome> RunAsync(RealtimeContext context, int clients)
    {
        var scenario = new PresenceStormScenario(clients);
        AnsiConsole.MarkupLineInterpolated($"[grey]presence-storm: connecting {clients} clients[/]");
        var connectStart = ScenarioKit.Now;
        var sockets = await ScenarioKit.ConnectAsync(context.Hub.WebSocketUrl, clients, scenario, parallel: 32);
        var connectSeconds = ScenarioKit.Seconds(connectStart, ScenarioKit.Now);
        foreach (var socket in sockets) socket.State = new ClientView(clients);
        try
        {
            AnsiConsole.MarkupLineInterpolated($"[grey]presence-storm: {clients} clients join and track at once[/]");
            var measurement = await Measurement.StartAsync(context);
            scenario._stormStart = ScenarioKit.Now;
            // Every join goes out at once (each socket's own send; the hub sees them all within milliseconds).
            await Task.WhenAll(sockets.Select(s => s.SendTextAsync(ScenarioKit.JoinFrame(Topic, presence: true, presenceKey: "u" + s.Index)).AsTask()));
            var timeout = TimeSpan.FromSeconds(context.Settings.PresenceTimeoutSeconds);
            var finished = await Task.WhenAny(scenario._allSynced.Task, Task.Delay(timeout)) == scenario._allSynced.Task;
            var end = ScenarioKit.Now;
            var (cpu, hub, load) = await measurement.StopAsync();
            var seconds = ScenarioKit.Seconds(scenario._stormStart, end);
            double[] times;
            lock (scenario._completions) times = [.. scenario._completionMs];
            Array.Sort(times);
            double At(double p) => times.Length == 0 ? 0 : times[Math.Min(times.Length - 1, (int)Math.Ceiling(p * times.Length) - 1)];
            var failures = ScenarioKit.Failures(sockets);
            var diffs = Interlocked.Read(ref scenario._diffs);
            var notes = $"{scenario._synced} of {clients} clients saw all {clients} keys{(finished ? "" : $" within {timeout.TotalSeconds:0} s (timed out)")}; " +
                        $"{Interlocked.Read(ref scenario._states):N0} presence_state and {diffs:N0} presence_diff frames delivered ({diffs / Math.Max(seconds, 1e-9):N0} diffs/s); " +
                        $"ops = diff frames delivered, latency = each client's time from the storm's start to full state; connecting {clients} sockets took {connectSeconds:0.0} s" +
                        (failures.Length > 0 ? "; " + failures : "");
            var result = new BenchResult("realtime", $"presence-storm {clients} (all synced in {seconds:0.00} s)", "agenthub", clients, diffs, seconds,
                At(0.50), At(0.95), At(0.99), finished ? null : $"only {scenario._synced}/{clients} synced");
            return new ScenarioOutcome(result, cpu, hub, load, notes);
        }
        finally
        {
            AnsiConsole.MarkupLine("[grey]presence-storm: leaving (every leave is a diff to everyone left)[/]");
            await ScenarioKit.CloseAllAsync(sockets);
        }
    }

    public void OnFrame(LoadSocket socket, WebSocketMessageType type, ReadOnlySpan<byte> frame)
    {
        var @event = Wire.Event(frame, out var payloadStart);
        var view = (ClientView)socket.State!;
        if (@event.SequenceEqual("presence_diff"u8))
        {
            Interlocked.Increment(ref _diffs);
            Apply(socket, view, frame[payloadStart..^1], diff: true);
            return;
        }
        if (@event.SequenceEqual("presence_state"u8))
        {
            Interlocked.Increment(ref _states);
            Apply(socket, view, frame[payloadStart..^1], diff: false);
            return;
        }
        if (@event.SequenceEqual("phx_reply"u8) && Wire.Ref(frame).SequenceEqual("j1"u8))
        {
            // Joined: track right away, from this receive loop (the only sender of this socket now).
            var track = Encoding.UTF8.GetBytes($"[\"j1\",\"t1\",\"{Topic}\",\"presence\",{{\"type\":\"presence\",\"event\":\"track\",\"payload\":{{\"user\":{socket.Index}}}}}]");
            _ = socket.SendTextAsync(track);
        }
    }

    /// <summary>presence_state: <c>{key: {metas}}</c>; presence_diff: <c>{"joins": {key: …}, "leaves": {key: …}}</c>.</summary>
    private void Apply(LoadSocket socket, ClientView view, ReadOnlySpan<byte> payload, bool diff)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read(); // {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!diff)
            {
                Mark(view, ref reader, present: true);
                continue;
            }
            var joins = reader.ValueTextEquals("joins"u8);
            reader.Read(); // {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName) Mark(view, ref reader, joins);
        }
        if (!view.Done && view.Keys == _clients)
        {
            view.Done = true;
            var ms = (Stopwatch.GetTimestamp() - _stormStart) * 1000.0 / Stopwatch.Frequency;
            lock (_completions) _completionMs.Add(ms);
            if (Interlocked.Increment(ref _synced) == _clients) _allSynced.TrySetResult();
        }
    }

    private static void Mark(ClientView view, ref Utf8JsonReader reader, bool present)
    {
        // Keys are "u<index>".
        Span<byte> name = stackalloc byte[16];
        var length = reader.CopyString(name);
        if (System.Buffers.Text.Utf8Parser.TryParse(name[1..length], out int index, out _) && index < view.Seen.Length && view.Seen[index] != present)
        {
            view.Seen[index] = present;
            view.Keys += present ? 1 : -1;
        }
        reader.Skip(); // the {"metas": […]} value
    }
}
