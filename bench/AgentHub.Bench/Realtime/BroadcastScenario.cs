using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using AgentHub.Bench.Harness;
using Spectre.Console;

namespace AgentHub.Bench.Realtime;

/// <summary>
/// Broadcast fan-out: <c>channels</c> channels with <c>perChannel</c> subscribers each, one publisher
/// socket per channel sending binary user broadcasts (kind 3, what realtime-js sends) whose JSON
/// payload starts with the send time. Subscribers count deliveries by receipt time inside the
/// measurement window and record send-to-receive latency of messages sent inside it.
/// </summary>
/// <remarks>
/// Offered-rate mode: publishers together offer <c>rate</c> deliveries per second (rate / perChannel
/// messages per second), paced every millisecond. Closed-loop mode (<c>rate</c> 0): each publisher
/// keeps at most <c>window</c> messages not yet received by all of its channel's subscribers, which
/// finds the saturation throughput (latency is then mostly queueing).
/// </remarks>
internal sealed class BroadcastScenario : IFrameSink
{
    private readonly int _channels;
    private readonly int _perChannel;
    private readonly double _rate;
    private readonly int _window;
    private readonly int _payloadBytes;
    private readonly long[] _received;
    private readonly long[] _sent;
    private readonly LatencyHistogram _latency = new();
    private long _windowStart = long.MaxValue;
    private long _windowEnd = long.MaxValue;

    private BroadcastScenario(int channels, int perChannel, double rate, int window, int payloadBytes)
    {
        _channels = channels;
        _perChannel = perChannel;
        _rate = rate;
        _window = window;
        _payloadBytes = payloadBytes;
        _received = new long[channels * 16];
        _sent = new long[channels];
    }

    private static string Topic(int channel) => $"realtime:bench-b{channel}";

    public static async Task<ScenarioOutcome> RunAsync(RealtimeContext context, string name, int channels, int perChannel, double rate)
    {
        var s = context.Settings;
        var scenario = new BroadcastScenario(channels, perChannel, rate, s.BroadcastWindow, s.PayloadBytes);
        var label = rate > 0 ? $"{name} @{rate / 1000:0.#}k/s" : $"{name} closed loop";
        AnsiConsole.MarkupLineInterpolated($"[grey]{label}: connecting {channels * perChannel} subscribers and {channels} publishers[/]");
        var subscribers = await ScenarioKit.ConnectAsync(context.Hub.WebSocketUrl, channels * perChannel, scenario);
        var publishers = await ScenarioKit.ConnectAsync(context.Hub.WebSocketUrl, channels, scenario, firstIndex: 1_000_000);
        using var stop = new CancellationTokenSource();
        try
        {
            await ScenarioKit.JoinAllAsync(subscribers, socket => ScenarioKit.JoinFrame(Topic(socket.Index % channels)));
            await ScenarioKit.JoinAllAsync(publishers, socket => ScenarioKit.JoinFrame(Topic(socket.Index - 1_000_000)));
            var heartbeats = ScenarioKit.HeartbeatAsync(subscribers, stop.Token);

            var warmup = TimeSpan.FromSeconds(s.WarmupSeconds);
            var duration = TimeSpan.FromSeconds(s.DurationSeconds);
            var started = ScenarioKit.Now;
            var senders = scenario.StartPublishers(publishers, started, stop.Token);

            await Task.Delay(warmup);
            var measurement = await Measurement.StartAsync(context);
            Volatile.Write(ref scenario._windowEnd, ScenarioKit.After(duration));
            Volatile.Write(ref scenario._windowStart, ScenarioKit.Now);
            await Task.Delay(duration);
            var (cpu, hub, load) = await measurement.StopAsync();
            await stop.CancelAsync();
            await senders;
            await heartbeats;
            var drained = await scenario.DrainAsync(TimeSpan.FromSeconds(10));

            var deliveries = subscribers.Sum(x => x.Count);
            var seconds = ScenarioKit.Seconds(scenario._windowStart, scenario._windowEnd);
            var (p50, p95, p99) = scenario._latency.Percentiles();
            var sent = scenario._sent.Sum();
            var expected = sent * perChannel;
            var received = Enumerable.Range(0, channels).Sum(c => Interlocked.Read(ref scenario._received[c * 16]));
            var failures = ScenarioKit.Failures(subscribers.Concat(publishers));
            var notes = new StringBuilder();
            notes.Append($"offered {(rate > 0 ? $"{rate:N0} deliveries/s ({rate / perChannel:N0} msg/s)" : $"closed loop, window {scenario._window}/channel")}; ");
            notes.Append($"{sent:N0} messages sent in all; {(drained ? "all delivered" : $"{expected - received:N0} of {expected:N0} deliveries missing after 10 s")}; ");
            notes.Append($"payload {s.PayloadBytes} B");
            if (failures.Length > 0) notes.Append("; ").Append(failures);
            var samples = scenario._latency.Count;
            notes.Append($"; {samples:N0} latency samples");
            var error = failures.Length > 0 && deliveries == 0 ? failures
                : samples == 0 ? "no message sent in the window was delivered (overloaded)" : null;
            var result = samples == 0
                ? new BenchResult("realtime", label, "agenthub", channels * perChannel, deliveries, seconds, Error: error)
                : new BenchResult("realtime", label, "agenthub", channels * perChannel, deliveries, seconds, p50, p95, p99, error);
            return new ScenarioOutcome(result, cpu, hub, load, notes.ToString());
        }
        finally
        {
            await stop.CancelAsync();
            await ScenarioKit.CloseAllAsync(publishers.Concat(subscribers));
            scenario._latency.Dispose();
        }
    }

    public void OnFrame(LoadSocket socket, WebSocketMessageType type, ReadOnlySpan<byte> frame)
    {
        if (type == WebSocketMessageType.Binary)
        {
            var now = Stopwatch.GetTimestamp();
            var payload = Wire.UserBroadcastPayload(frame);
            // Payload: {"t":<timestamp>,"p":"…"}
            if (payload.Length > 5 && Utf8Parser.TryParse(payload[5..], out long sentAt, out _))
            {
                if (now >= _windowStart && now < _windowEnd) socket.Count++;
                if (sentAt >= _windowStart && sentAt < _windowEnd) _latency.RecordSince(sentAt, now);
            }
            Interlocked.Increment(ref _received[(socket.Index % _channels) * 16]);
            return;
        }

        ScenarioKit.HandleControl(socket, frame, Wire.Event(frame, out _));
    }

    private async Task StartPublishers(LoadSocket[] publishers, long started, CancellationToken stop)
    {
        // A few pacing loops, each owning some publishers: far fewer timer wake-ups than one loop per socket.
        var loops = Math.Min(publishers.Length, 4);
        await Task.WhenAll(Enumerable.Range(0, loops).Select(loop => Task.Run(() =>
            PaceAsync(publishers.Where(p => (p.Index - 1_000_000) % loops == loop).ToArray(), started, stop))));
    }

    private async Task PaceAsync(LoadSocket[] mine, long started, CancellationToken stop)
    {
        var perPublisher = _rate / _perChannel / _channels;
        var frames = mine.Select(p => new BroadcastFrame(Topic(p.Index - 1_000_000), _payloadBytes)).ToArray();
        while (!stop.IsCancellationRequested)
        {
            for (var k = 0; k < mine.Length; k++)
            {
                var channel = mine[k].Index - 1_000_000;
                long due;
                if (_rate > 0)
                {
                    due = (long)(ScenarioKit.Seconds(started, ScenarioKit.Now) * perPublisher) - _sent[channel];
                }
                else
                {
                    var complete = Interlocked.Read(ref _received[channel * 16]) / _perChannel;
                    due = _window - (_sent[channel] - complete);
                }
                for (; due > 0 && !stop.IsCancellationRequested; due--)
                {
                    await mine[k].SendBinaryAsync(frames[k].Stamp(Stopwatch.GetTimestamp()));
                    _sent[channel]++;
                }
            }
            try
            {
                await Task.Delay(1, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> DrainAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (Enumerable.Range(0, _channels).All(c => Interlocked.Read(ref _received[c * 16]) >= _sent[c] * _perChannel)) return true;
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>
    /// A reusable kind-3 frame: header, join ref, topic, event "b", then <c>{"t":&lt;timestamp&gt;,"p":"xx…"}</c>
    /// with the timestamp written in place before each send.
    /// </summary>
    private sealed class BroadcastFrame
    {
        private readonly byte[] _buffer;
        private readonly int _stampAt;
        private readonly byte[] _tail;

        public BroadcastFrame(string topic, int payloadBytes)
        {
            var joinRef = "j1"u8;
            var topicBytes = Encoding.ASCII.GetBytes(topic);
            var head = new List<byte> { 3, (byte)joinRef.Length, 0, (byte)topicBytes.Length, 1, 0, 1 };
            head.AddRange(joinRef.ToArray());
            head.AddRange(topicBytes);
            head.Add((byte)'b');
            head.AddRange("{\"t\":"u8.ToArray());
            _stampAt = head.Count;
            // {"t":19 digits,"p":"…"} ≈ payloadBytes in all.
            _tail = Encoding.ASCII.GetBytes(",\"p\":\"" + new string('x', Math.Max(0, payloadBytes - 32)) + "\"}");
            _buffer = new byte[_stampAt + 20 + _tail.Length];
            head.CopyTo(_buffer);
        }

        public ReadOnlyMemory<byte> Stamp(long timestamp)
        {
            Utf8Formatter.TryFormat(timestamp, _buffer.AsSpan(_stampAt), out var written);
            _tail.CopyTo(_buffer.AsSpan(_stampAt + written));
            return _buffer.AsMemory(0, _stampAt + written + _tail.Length);
        }
    }
}
