using System.Text;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.Tests.Support;

namespace AgentHub.Realtime.Tests.Sessions;

/// <summary>Broadcast over the socket (docs/realtime-protocol.md 4.1): self, ack, sizes, ordering, mixed versions.</summary>
public sealed class BroadcastTests : IAsyncLifetime
{
    private readonly PipeHub _hub = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Theory, MemberData(nameof(Vsn.Pairs), MemberType = typeof(Vsn))]
    public async Task A_broadcast_reaches_other_members_in_their_own_version(string senderVsn, string receiverVsn)
    {
        await using var sender = await _hub.ConnectAsync(senderVsn);
        await using var receiver = await _hub.ConnectAsync(receiverVsn);
        var senderRef = await sender.JoinOkAsync("realtime:room:42");
        await receiver.JoinOkAsync("realtime:room:42");

        await sender.BroadcastAsync(senderRef, "3", "realtime:room:42", "typing", """{"on":true}""");
        var frame = await receiver.ReceiveAsync();
        Assert.Equal(("realtime:room:42", "broadcast", (string?)null, (string?)null), (frame.Topic, frame.Event, frame.JoinRef, frame.Ref));
        Assert.Equal("""{"type":"broadcast","event":"typing","payload":{"on":true}}""", frame.Payload.GetRawText());

        // A kind-3 push goes out as kind 4 to vsn 2.0.0 receivers; text pushes stay text.
        Assert.Equal(senderVsn == Vsn.V2 && receiverVsn == Vsn.V2, frame.IsBinary);
        if (receiverVsn == Vsn.V2 && senderVsn == Vsn.V2)
        {
            Assert.Equal("""{"on":true}""", Encoding.UTF8.GetString(frame.BinaryPayload!));
        }

        // self is false by default: the sender hears nothing.
        await sender.ExpectSilenceAsync(TimeSpan.FromMilliseconds(200));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Self_broadcast_echoes_to_the_sender_and_ack_replies_ok_after_the_fan_out(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:echo", self: true, ack: true);
        await client.BroadcastAsync(joinRef, "8", "realtime:echo", "ping", """{"n":1}""");
        var echo = await client.ReceiveAsync();
        Assert.Equal("broadcast", echo.Event);
        Assert.Equal(1, echo.Payload.GetProperty("payload").GetProperty("n").GetInt32());
        var ack = await client.ReceiveAsync();
        Assert.Equal(("phx_reply", "8", joinRef), (ack.Event, ack.Ref, ack.JoinRef));
        Assert.Equal("""{"status":"ok","response":{}}""", ack.Payload.GetRawText());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Text_broadcast_payloads_are_relayed_byte_for_byte(string vsn)
    {
        await using var sender = await _hub.ConnectAsync(vsn);
        await using var receiver = await _hub.ConnectAsync(vsn);
        var joinRef = await sender.JoinOkAsync("realtime:verbatim");
        await receiver.JoinOkAsync("realtime:verbatim");
        const string payload = """{"type":"broadcast","event":"e","payload":{"émoji":"🚀","n":1.50,"nested":[{"a":null}]},"extra":true}""";
        await sender.PushAsync(joinRef, "4", "realtime:verbatim", "broadcast", payload);
        var frame = await receiver.ReceiveAsync();
        Assert.Equal(payload, frame.Payload.GetRawText());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task An_oversized_broadcast_with_ack_gets_payload_size_exceeded_and_is_not_delivered(string vsn)
    {
        await using var hub = new PipeHub(o => o.MaxPayloadBytes = 1024);
        await using var sender = await hub.ConnectAsync(vsn);
        await using var receiver = await hub.ConnectAsync(vsn);
        var joinRef = await sender.JoinOkAsync("realtime:big", ack: true);
        await receiver.JoinOkAsync("realtime:big");
        var big = "{\"blob\":\"" + new string('x', 2000) + "\"}";
        await sender.BroadcastAsync(joinRef, "5", "realtime:big", "blob", big);
        var reply = await sender.ReceiveAsync();
        Assert.Equal("""{"status":"error","response":{"error":"payload_size_exceeded"}}""", reply.Payload.GetRawText());
        await receiver.ExpectSilenceAsync(TimeSpan.FromMilliseconds(200));

        // The connection and channel stay usable.
        await sender.BroadcastAsync(joinRef, "6", "realtime:big", "small", """{"ok":1}""");
        Assert.Equal("ok", (await sender.ReceiveAsync()).Status);
        Assert.Equal("small", (await receiver.ReceiveAsync()).Payload.GetProperty("event").GetString());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task An_oversized_broadcast_without_ack_is_dropped_silently(string vsn)
    {
        await using var hub = new PipeHub(o => o.MaxPayloadBytes = 100);
        await using var sender = await hub.ConnectAsync(vsn);
        await using var receiver = await hub.ConnectAsync(vsn);
        var joinRef = await sender.JoinOkAsync("realtime:big2");
        await receiver.JoinOkAsync("realtime:big2");
        await sender.BroadcastAsync(joinRef, "5", "realtime:big2", "blob", "{\"blob\":\"" + new string('y', 200) + "\"}");
        await sender.ExpectSilenceAsync(TimeSpan.FromMilliseconds(150));
        await receiver.ExpectSilenceAsync(TimeSpan.FromMilliseconds(150));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Every_member_sees_broadcasts_from_several_senders_in_the_same_order(string vsn)
    {
        const int perSender = 200;
        await using var a = await _hub.ConnectAsync(vsn);
        await using var b = await _hub.ConnectAsync(vsn == Vsn.V1 ? Vsn.V2 : Vsn.V1);
        await using var watcher1 = await _hub.ConnectAsync(Vsn.V1);
        await using var watcher2 = await _hub.ConnectAsync(Vsn.V2);
        var refA = await a.JoinOkAsync("realtime:order", self: true);
        var refB = await b.JoinOkAsync("realtime:order", self: true);
        await watcher1.JoinOkAsync("realtime:order");
        await watcher2.JoinOkAsync("realtime:order");

        var sendA = Task.Run(async () => { for (var i = 0; i < perSender; i++) await a.BroadcastAsync(refA, a.NextRef(), "realtime:order", "m", $"{{\"from\":\"a\",\"i\":{i}}}"); });
        var sendB = Task.Run(async () => { for (var i = 0; i < perSender; i++) await b.BroadcastAsync(refB, b.NextRef(), "realtime:order", "m", $"{{\"from\":\"b\",\"i\":{i}}}"); });
        await Task.WhenAll(sendA, sendB);

        async Task<List<string>> Collect(TestClient client)
        {
            var seen = new List<string>();
            while (seen.Count < 2 * perSender)
            {
                var payload = (await client.ReceiveAsync()).Payload.GetProperty("payload");
                seen.Add(payload.GetProperty("from").GetString() + payload.GetProperty("i").GetInt32());
            }

            return seen;
        }

        var orders = await Task.WhenAll(Collect(a), Collect(b), Collect(watcher1), Collect(watcher2));
        foreach (var order in orders.Skip(1))
        {
            Assert.Equal(orders[0], order);
        }

        // Per sender, order of sending is kept.
        Assert.Equal(Enumerable.Range(0, perSender).Select(i => "a" + i), orders[0].Where(s => s[0] == 'a'));
        Assert.Equal(Enumerable.Range(0, perSender).Select(i => "b" + i), orders[0].Where(s => s[0] == 'b'));
    }

    [Fact]
    public async Task A_binary_payload_reaches_vsn_2_members_raw_and_skips_vsn_1_members()
    {
        await using var sender = await _hub.ConnectAsync(Vsn.V2);
        await using var v2 = await _hub.ConnectAsync(Vsn.V2);
        await using var v1 = await _hub.ConnectAsync(Vsn.V1);
        var joinRef = await sender.JoinOkAsync("realtime:bytes");
        await v2.JoinOkAsync("realtime:bytes");
        await v1.JoinOkAsync("realtime:bytes");
        byte[] bytes = [0, 1, 2, 254, 255];
        var frame = PhoenixBinarySerializer.SerializeUserBroadcastPush(joinRef, "9", "realtime:bytes", "raw", default, PhoenixPayloadEncoding.Binary, bytes);
        await sender.SendRawAsync(PhoenixFrameType.Binary, frame.Bytes.ToArray());
        var received = await v2.ReceiveAsync();
        Assert.True(received.IsBinary);
        Assert.Equal(bytes, received.BinaryPayload);
        await v1.ExpectSilenceAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Broadcasts_are_serialized_once_per_version_and_shared_by_every_recipient()
    {
        var receivers = new List<PipeTestClient>();
        var sender = await _hub.ConnectAsync(Vsn.V2);
        var joinRef = await sender.JoinOkAsync("realtime:shared");
        for (var i = 0; i < 6; i++)
        {
            var receiver = await _hub.ConnectAsync(i % 2 == 0 ? Vsn.V1 : Vsn.V2, startReceiving: true);
            await receiver.JoinOkAsync("realtime:shared");
            receivers.Add(receiver);
        }

        // Snapshot what each session has queued by reading the members' outbound frames through the channel.
        var channel = _hub.Hub.Channels.Find(new ChannelKey("realtime:shared", false))!;
        var message = FanOut.FanOutMessage.TextPush("realtime:shared", "broadcast", Encoding.UTF8.GetBytes("""{"type":"broadcast","event":"x","payload":{}}"""));
        Assert.True(message.TryGetFrame(PhoenixV1Serializer.Instance, out var v1a));
        Assert.True(message.TryGetFrame(PhoenixV1Serializer.Instance, out var v1b));
        Assert.True(message.TryGetFrame(PhoenixV2Serializer.Instance, out var v2a));
        Assert.True(v1a.Bytes.Equals(v1b.Bytes), "the same vsn must get the very same bytes");
        Assert.False(v1a.Bytes.Equals(v2a.Bytes));
        channel.Broadcast(message, sender: null);
        foreach (var receiver in receivers)
        {
            Assert.Equal("x", (await receiver.ReceiveAsync()).Payload.GetProperty("event").GetString());
        }
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Public_and_private_channels_of_the_same_name_are_separate(string vsn)
    {
        // The private join fails (no database in this harness), but the public members never see private traffic either way.
        await using var client = await _hub.ConnectAsync(vsn);
        await client.JoinOkAsync("realtime:same");
        Assert.NotNull(_hub.Hub.Channels.Find(new ChannelKey("realtime:same", false)));
        Assert.Null(_hub.Hub.Channels.Find(new ChannelKey("realtime:same", true)));
        _hub.Hub.Publish(new ChannelKey("realtime:same", true), FanOut.FanOutMessage.TextPush("realtime:same", "broadcast", Encoding.UTF8.GetBytes("{}")));
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(150));
    }
}
