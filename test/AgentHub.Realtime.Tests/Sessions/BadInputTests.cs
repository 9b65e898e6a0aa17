using System.Text;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.Tests.Support;

namespace AgentHub.Realtime.Tests.Sessions;

/// <summary>Malformed frames and unknown events are logged and ignored; the connection keeps working (docs/realtime-protocol.md 2.2).</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private readonly PipeHub _hub = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    public static TheoryData<string, string> MalformedText => new()
    {
        { Vsn.V1, "not json" },
        { Vsn.V1, "[null,\"1\",\"phoenix\",\"heartbeat\",{}]" },
        { Vsn.V1, "{\"topic\":\"phoenix\"}" },
        { Vsn.V1, "{\"topic\":1,\"event\":\"heartbeat\",\"payload\":{}}" },
        { Vsn.V1, "" },
        { Vsn.V2, "not json" },
        { Vsn.V2, "{\"topic\":\"phoenix\",\"event\":\"heartbeat\",\"payload\":{},\"ref\":\"1\"}" },
        { Vsn.V2, "[null,\"1\",\"phoenix\"]" },
        { Vsn.V2, "[null,1,\"phoenix\",\"heartbeat\",{}]" },
        { Vsn.V2, "[null,\"1\",\"phoenix\",\"heartbeat\",{}] trailing" },
        { Vsn.V2, "[null,\"1\",\"phoenix\",\"heartbeat\"," + new string('[', 80) + new string(']', 80) + "]" },
        { Vsn.V2, "" },
    };

    [Theory, MemberData(nameof(MalformedText))]
    public async Task Malformed_text_frames_are_ignored_and_counted(string vsn, string text)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var before = _hub.Metrics.Snapshot().MalformedFrames;
        await client.SendTextAsync(text);
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(150));
        await client.HeartbeatAsync();
        Assert.Equal(before + 1, _hub.Metrics.Snapshot().MalformedFrames);
        Assert.True(_hub.Logger.Contains("RealtimeMalformedFrame"));
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x04, 1, 1, 0, 1, (byte)'t', (byte)'e' })]
    [InlineData(new byte[] { 0x03, 1, 1, 16, 6, 0, 1 })]
    [InlineData(new byte[] { 0x03, 0, 0, 1, 1, 0, 7, (byte)'t', (byte)'e' })]
    [InlineData(new byte[] { 0x03, 0, 0, 1, 1, 0, 1, (byte)'t', (byte)'e', (byte)'{' })]
    public async Task Malformed_binary_frames_are_ignored_on_vsn_2(byte[] frame)
    {
        await using var client = await _hub.ConnectAsync(Vsn.V2);
        await client.SendRawAsync(PhoenixFrameType.Binary, frame);
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(150));
        await client.HeartbeatAsync();
    }

    [Fact]
    public async Task Binary_frames_are_ignored_on_vsn_1()
    {
        await using var client = await _hub.ConnectAsync(Vsn.V1);
        var joinRef = await client.JoinOkAsync("realtime:v1bin", self: true);
        var frame = PhoenixBinarySerializer.SerializeUserBroadcastPush(joinRef, "2", "realtime:v1bin", "e", default, PhoenixPayloadEncoding.Json, "{}"u8);
        await client.SendRawAsync(PhoenixFrameType.Binary, frame.Bytes.ToArray());
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(150));
        await client.HeartbeatAsync();
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Unknown_events_on_a_joined_channel_get_no_reply(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:odd");
        await client.PushAsync(joinRef, "5", "realtime:odd", "dance", "{}");
        await client.PushAsync(joinRef, "6", "realtime:odd", "heartbeat", "{}");
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(150));
        Assert.True(_hub.Logger.Contains("RealtimeUnexpectedEvent"));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_broadcast_whose_payload_is_not_an_object_is_dropped(string vsn)
    {
        await using var sender = await _hub.ConnectAsync(vsn);
        await using var receiver = await _hub.ConnectAsync(vsn);
        var joinRef = await sender.JoinOkAsync("realtime:junk", ack: true);
        await receiver.JoinOkAsync("realtime:junk");
        await sender.PushAsync(joinRef, "7", "realtime:junk", "broadcast", "\"just a string\"");
        await receiver.ExpectSilenceAsync(TimeSpan.FromMilliseconds(150));
        await sender.HeartbeatAsync();
    }

    [Fact]
    public async Task A_frame_over_the_5_MB_limit_closes_the_connection_with_1009()
    {
        var client = await _hub.ConnectAsync(Vsn.V2);
        var huge = Encoding.UTF8.GetBytes("[null,\"1\",\"phoenix\",\"heartbeat\",{\"x\":\"" + new string('a', PhoenixLimits.MaxFrameBytes) + "\"}]");
        var send = client.SendRawAsync(PhoenixFrameType.Text, huge);
        var (status, reason) = await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1009, status);
        Assert.Contains("5000000", reason);
        await client.ServerDone.WaitAsync(TimeSpan.FromSeconds(10));
        _ = send;

        await using var next = await _hub.ConnectAsync(Vsn.V2);
        await next.HeartbeatAsync();
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_the_idle_timeout()
    {
        await using var hub = new PipeHub(o => o.IdleTimeout = TimeSpan.FromMilliseconds(600));
        var client = await hub.ConnectAsync(Vsn.V2);
        await client.HeartbeatAsync();
        var (status, reason) = await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((1000, "idle timeout"), (status, reason));
        Assert.Equal(1, hub.Metrics.Snapshot().IdleDisconnects);
    }

    [Fact]
    public async Task Tokens_never_appear_in_the_log()
    {
        var token = _hub.Tokens.User("secret-user", TimeSpan.FromHours(1));
        await using var client = await _hub.ConnectAsync(Vsn.V2, apiKey: token);
        await client.JoinAsync("realtime:", accessToken: token);
        await client.JoinAsync("realtime:logged", accessToken: TestTokens.WrongSignature());
        await client.JoinOkAsync("realtime:logged2", accessToken: token);
        Assert.NotEmpty(_hub.Logger.Entries);
        Assert.DoesNotContain(_hub.Logger.Entries, e => e.Message.Contains(token, StringComparison.Ordinal) || e.Message.Contains("eyJ", StringComparison.Ordinal));
    }
}
