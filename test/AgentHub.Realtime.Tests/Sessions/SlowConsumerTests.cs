using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.FanOut;
using AgentHub.Realtime.Tests.Support;

namespace AgentHub.Realtime.Tests.Sessions;

/// <summary>Backpressure: each connection's queue is bounded; a client that stops reading is cut off, nobody else suffers.</summary>
public sealed class SlowConsumerTests
{
    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_member_that_stops_reading_is_disconnected_as_a_slow_consumer_and_the_others_keep_receiving(string vsn)
    {
        await using var hub = new PipeHub(o =>
        {
            o.MaxOutboundFrames = 16;
            o.MaxOutboundBytes = 1 << 20;
        });

        // 4 KB of "socket buffer": once full, the server's writer blocks, as on a real TCP connection.
        var stalled = await hub.ConnectAsync(vsn, clientBufferBytes: 4096, startReceiving: false);
        await using var sender = await hub.ConnectAsync(vsn);
        await using var healthy = await hub.ConnectAsync(vsn);

        // The stalled client joins by hand: it must not read, so its join reply just sits in the pipe.
        await stalled.PushAsync("1", "1", "realtime:firehose", "phx_join", """{"config":{"presence":{"enabled":false}}}""");
        var senderRef = await sender.JoinOkAsync("realtime:firehose");
        await healthy.JoinOkAsync("realtime:firehose");
        await WaitUntil(() => hub.Hub.Channels.Find(new ChannelKey("realtime:firehose", false))?.Members.Length == 3);

        // Paced so the healthy member provably keeps up (at most 8 frames in flight), while the stalled one reads nothing.
        var payload = "{\"pad\":\"" + new string('p', 512) + "\"}";
        for (var batch = 0; batch < 12; batch++)
        {
            for (var i = 0; i < 8; i++)
            {
                await sender.BroadcastAsync(senderRef, sender.NextRef(), "realtime:firehose", "tick", payload);
            }

            for (var i = 0; i < 8; i++)
            {
                Assert.Equal("tick", (await healthy.ReceiveAsync()).Payload.GetProperty("event").GetString());
            }
        }

        await stalled.ServerDone.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, hub.Metrics.SlowConsumerDisconnects);
        Assert.Equal(RealtimeCloseReasonStatus.SlowConsumer, stalled.Session.CloseReason.Description);
        Assert.True(hub.Logger.Contains("RealtimeSlowConsumer"));
        Assert.Equal(2, hub.Hub.Channels.Find(new ChannelKey("realtime:firehose", false))!.Members.Length);
        Assert.Equal(2, hub.Metrics.Connections);
        await sender.HeartbeatAsync();
    }

    [Fact]
    public void The_queue_bounds_frames_and_bytes_and_lets_one_oversized_frame_through_an_empty_queue()
    {
        var queue = new OutboundQueue(maxFrames: 3, maxBytes: 100);
        var small = new PhoenixFrame(PhoenixFrameType.Text, new byte[10]);
        var large = new PhoenixFrame(PhoenixFrameType.Text, new byte[500]);
        Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue(large));
        Assert.Equal(EnqueueResult.Full, queue.TryEnqueue(small));
        Assert.True(queue.TryDequeue(out var first));
        queue.Release(first);
        Assert.Equal(0, queue.Bytes);

        Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue(small));
        Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue(small));
        Assert.Equal(EnqueueResult.Queued, queue.TryEnqueue(small));
        Assert.Equal(EnqueueResult.Full, queue.TryEnqueue(small));
        Assert.Equal(3, queue.Count);
        Assert.Equal(30, queue.Bytes);

        queue.Complete();
        Assert.Equal(EnqueueResult.Closed, queue.TryEnqueue(small));
        Assert.Equal(30, queue.Bytes);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }

    private static class RealtimeCloseReasonStatus
    {
        public const string SlowConsumer = "slow consumer: outbound queue limit exceeded";
    }
}
