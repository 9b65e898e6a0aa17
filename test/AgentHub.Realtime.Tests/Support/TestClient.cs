using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.Tests.Support;

/// <summary>
/// A minimal Phoenix client over any transport: sends frames as realtime-js does for its vsn
/// (binary kind 3 for broadcasts under 2.0.0 when asked), and decodes what comes back.
/// </summary>
public abstract class TestClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Channel<ReceivedFrame> _received = System.Threading.Channels.Channel.CreateUnbounded<ReceivedFrame>();
    private readonly TaskCompletionSource<(int Status, string Reason)> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ref;
    private Task? _receiveLoop;

    protected TestClient(string vsn)
    {
        Vsn = vsn;
        Serializer = vsn == Support.Vsn.V1 ? PhoenixV1Serializer.Instance : PhoenixV2Serializer.Instance;
    }

    public string Vsn { get; }

    public PhoenixSerializer Serializer { get; }

    /// <summary>Completes with the close status and reason when the server closes (status 1006 for an abort).</summary>
    public Task<(int Status, string Reason)> Closed => _closed.Task;

    public string NextRef() => Interlocked.Increment(ref _ref).ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts decoding incoming frames; slow-consumer tests leave it off so nothing is read.</summary>
    public void StartReceiving() => _receiveLoop ??= Task.Run(ReceiveLoopAsync);

    public Task SendRawAsync(PhoenixFrameType type, byte[] bytes) => SendFrameAsync(type, bytes).AsTask();

    public Task SendTextAsync(string text) => SendRawAsync(PhoenixFrameType.Text, Encoding.UTF8.GetBytes(text));

    public Task PushAsync(string? joinRef, string? @ref, string topic, string @event, string payloadJson) =>
        SendRawAsync(PhoenixFrameType.Text, Serializer.SerializePush(joinRef, @ref, topic, @event, Encoding.UTF8.GetBytes(payloadJson)).Bytes.ToArray());

    /// <summary>A broadcast as realtime-js sends it: binary kind 3 under vsn 2.0.0, a text push under 1.0.0.</summary>
    public Task BroadcastAsync(string joinRef, string @ref, string topic, string userEvent, string payloadJson)
    {
        if (Vsn == Support.Vsn.V2)
        {
            var frame = PhoenixBinarySerializer.SerializeUserBroadcastPush(joinRef, @ref, topic, userEvent, default, PhoenixPayloadEncoding.Json, Encoding.UTF8.GetBytes(payloadJson));
            return SendRawAsync(PhoenixFrameType.Binary, frame.Bytes.ToArray());
        }

        return PushAsync(joinRef, @ref, topic, "broadcast", $"{{\"type\":\"broadcast\",\"event\":{JsonSerializer.Serialize(userEvent)},\"payload\":{payloadJson}}}");
    }

    /// <summary>The next frame, whatever it is.</summary>
    public async Task<ReceivedFrame> ReceiveAsync(TimeSpan? timeout = null)
    {
        StartReceiving();
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            return await _received.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no frame within {(timeout ?? DefaultTimeout).TotalSeconds} s");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"the connection closed: {(Closed.IsCompleted ? Closed.Result : default)}");
        }
    }

    /// <summary>The first frame matching <paramref name="predicate"/>; frames before it are returned in <paramref name="skipped"/>.</summary>
    public async Task<ReceivedFrame> WaitForAsync(Func<ReceivedFrame, bool> predicate, TimeSpan? timeout = null, List<ReceivedFrame>? skipped = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("the expected frame did not arrive; skipped: " + string.Join(" | ", skipped ?? []));
            var frame = await ReceiveAsync(left);
            if (predicate(frame)) return frame;
            skipped?.Add(frame);
        }
    }

    /// <summary>Asserts that nothing arrives for <paramref name="period"/>.</summary>
    public async Task ExpectSilenceAsync(TimeSpan period)
    {
        StartReceiving();
        using var cts = new CancellationTokenSource(period);
        try
        {
            var frame = await _received.Reader.ReadAsync(cts.Token);
            Assert.Fail("expected no frame, got " + frame);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task<ReceivedFrame> HeartbeatAsync()
    {
        var @ref = NextRef();
        await PushAsync(null, @ref, "phoenix", "heartbeat", "{}");
        var reply = await WaitForAsync(f => f.Event == "phx_reply" && f.Ref == @ref);
        Assert.Equal("ok", reply.Status);
        return reply;
    }

    /// <summary>Sends <c>phx_join</c> as realtime-js builds it and returns the reply (ok or error) and the join ref used.</summary>
    public async Task<(ReceivedFrame Reply, string JoinRef)> JoinAsync(
        string topic,
        bool self = false,
        bool ack = false,
        bool presence = false,
        string presenceKey = "",
        bool isPrivate = false,
        string postgresChanges = "[]",
        string? accessToken = null,
        TimeSpan? timeout = null)
    {
        var joinRef = NextRef();
        var token = accessToken is null ? "" : $",\"access_token\":{JsonSerializer.Serialize(accessToken)}";
        var payload = $$"""{"config":{"broadcast":{"ack":{{Bool(ack)}},"self":{{Bool(self)}}},"presence":{"key":{{JsonSerializer.Serialize(presenceKey)}},"enabled":{{Bool(presence)}}},"postgres_changes":{{postgresChanges}},"private":{{Bool(isPrivate)}}}{{token}}}""";
        await PushAsync(joinRef, joinRef, topic, "phx_join", payload);
        var reply = await WaitForAsync(f => f.Event == "phx_reply" && f.Ref == joinRef, timeout);
        return (reply, joinRef);
    }

    /// <summary>Joins and asserts success.</summary>
    public async Task<string> JoinOkAsync(string topic, bool self = false, bool ack = false, bool presence = false, string presenceKey = "", bool isPrivate = false, string? accessToken = null)
    {
        var (reply, joinRef) = await JoinAsync(topic, self, ack, presence, presenceKey, isPrivate, accessToken: accessToken);
        Assert.True(reply.Status == "ok", "join failed: " + reply);
        Assert.Equal(joinRef, reply.JoinRef);
        if (presence)
        {
            var state = await WaitForAsync(f => f.Event == "presence_state");
            Assert.Equal(joinRef, state.JoinRef);
        }

        return joinRef;
    }

    public abstract ValueTask DisposeAsync();

    protected abstract ValueTask SendFrameAsync(PhoenixFrameType type, byte[] bytes);

    /// <summary>The next whole frame, or null when the server closed (after reporting it through <see cref="ReportClosed"/>).</summary>
    protected abstract ValueTask<(PhoenixFrameType Type, byte[] Bytes)?> ReadFrameAsync();

    protected void ReportClosed(int status, string reason) => _closed.TrySetResult((status, reason));

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (await ReadFrameAsync() is { } frame)
            {
                await _received.Writer.WriteAsync(ReceivedFrame.Decode(Vsn, frame.Type, frame.Bytes));
            }
        }
        catch (Exception e)
        {
            // An abort (1006) or a frame this client could not decode; either way the connection is over for the test.
            ReportClosed(1006, e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";
}
