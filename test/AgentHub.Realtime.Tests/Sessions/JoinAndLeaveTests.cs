using System.Text.Json;
using AgentHub.Realtime.Tests.Support;

namespace AgentHub.Realtime.Tests.Sessions;

/// <summary>Heartbeat, join, leave and the exact reply shapes (docs/realtime-protocol.md 3), over in-memory pipes.</summary>
public sealed class JoinAndLeaveTests : IAsyncLifetime
{
    private readonly PipeHub _hub = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Heartbeat_gets_an_ok_reply_on_the_phoenix_topic(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        await client.PushAsync(null, "7", "phoenix", "heartbeat", "{}");
        var reply = await client.ReceiveAsync();
        Assert.Equal(("phoenix", "phx_reply", "7", (string?)null), (reply.Topic, reply.Event, reply.Ref, reply.JoinRef));
        Assert.Equal("""{"status":"ok","response":{}}""", reply.Payload.GetRawText());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Join_replies_ok_with_an_empty_postgres_changes_list_and_no_presence_state_when_presence_is_off(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var (reply, joinRef) = await client.JoinAsync("realtime:room1");
        Assert.Equal(joinRef, reply.JoinRef);
        Assert.Equal(joinRef, reply.Ref);
        Assert.Equal("realtime:room1", reply.Topic);
        Assert.Equal("""{"status":"ok","response":{"postgres_changes":[]}}""", reply.Payload.GetRawText());
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, _hub.Metrics.Channels);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Join_with_presence_sends_presence_state_with_the_join_ref_after_the_reply(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var (reply, joinRef) = await client.JoinAsync("realtime:lobby", presence: true);
        Assert.Equal("ok", reply.Status);
        var state = await client.ReceiveAsync();
        Assert.Equal(("presence_state", joinRef, (string?)null), (state.Event, state.JoinRef, state.Ref));
        Assert.Equal("{}", state.Payload.GetRawText());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Old_clients_without_presence_settings_get_presence(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        await client.PushAsync("1", "1", "realtime:legacy", "phx_join", """{"config":{"broadcast":{"self":false}}}""");
        Assert.Equal("ok", (await client.ReceiveAsync()).Status);
        Assert.Equal("presence_state", (await client.ReceiveAsync()).Event);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Leave_replies_ok_then_closes_the_channel_with_the_join_ref(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:room2");
        await client.PushAsync(joinRef, "11", "realtime:room2", "phx_leave", "{}");
        var reply = await client.ReceiveAsync();
        Assert.Equal(("phx_reply", "11", joinRef, "ok"), (reply.Event, reply.Ref, reply.JoinRef, reply.Status));
        var close = await client.ReceiveAsync();
        Assert.Equal(("phx_close", joinRef, joinRef), (close.Event, close.JoinRef, close.Ref));
        Assert.Equal("{}", close.Payload.GetRawText());
        Assert.Equal(0, _hub.Metrics.Channels);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Leave_of_a_topic_never_joined_is_answered_ok(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        await client.PushAsync("3", "4", "realtime:nowhere", "phx_leave", "{}");
        var reply = await client.ReceiveAsync();
        Assert.Equal(("ok", "4"), (reply.Status, reply.Ref));
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(150));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_second_join_of_the_same_topic_closes_the_first_channel_then_joins_again(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var first = await client.JoinOkAsync("realtime:dup");
        var secondRef = client.NextRef();
        await client.PushAsync(secondRef, secondRef, "realtime:dup", "phx_join", """{"config":{"presence":{"enabled":false}}}""");
        var close = await client.ReceiveAsync();
        Assert.Equal(("phx_close", first), (close.Event, close.JoinRef));
        var reply = await client.ReceiveAsync();
        Assert.Equal(("phx_reply", "ok", secondRef), (reply.Event, reply.Status, reply.JoinRef));
        Assert.Equal(1, _hub.Metrics.Channels);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Join_of_the_bare_realtime_topic_is_refused_with_TopicNameRequired(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var (reply, _) = await client.JoinAsync("realtime:");
        Assert.Equal("error", reply.Status);
        Assert.Equal("TopicNameRequired: You must provide a topic name", reply.Response.GetProperty("reason").GetString());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Join_of_a_topic_outside_realtime_is_an_unmatched_topic(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var (reply, _) = await client.JoinAsync("rooms:1");
        Assert.Equal("""{"status":"error","response":{"reason":"unmatched topic"}}""", reply.Payload.GetRawText());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_push_to_a_topic_not_joined_is_answered_unmatched_topic(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        await client.PushAsync("9", "10", "realtime:elsewhere", "broadcast", """{"type":"broadcast","event":"x","payload":{}}""");
        var reply = await client.ReceiveAsync();
        Assert.Equal(("error", "10"), (reply.Status, reply.Ref));
        Assert.Equal("unmatched topic", reply.Response.GetProperty("reason").GetString());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task The_channel_limit_refuses_further_joins_with_ChannelRateLimitReached(string vsn)
    {
        await using var hub = new PipeHub(o => o.MaxChannelsPerConnection = 2);
        await using var client = await hub.ConnectAsync(vsn);
        await client.JoinOkAsync("realtime:a");
        await client.JoinOkAsync("realtime:b");
        var (reply, _) = await client.JoinAsync("realtime:c");
        Assert.Equal("ChannelRateLimitReached: Too many channels", reply.Response.GetProperty("reason").GetString());

        // Rejoining a joined topic replaces it and does not count twice.
        await client.JoinOkAsync("realtime:a");
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Join_errors_wait_the_configured_delay_without_holding_up_other_frames(string vsn)
    {
        await using var hub = new PipeHub(o => o.JoinErrorDelay = TimeSpan.FromMilliseconds(800));
        await using var client = await hub.ConnectAsync(vsn);
        var started = DateTime.UtcNow;
        await client.PushAsync("1", "1", "realtime:", "phx_join", "{}");
        await client.HeartbeatAsync();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromMilliseconds(700), "the heartbeat waited for the delayed join error");
        var reply = await client.WaitForAsync(f => f.Ref == "1");
        Assert.Equal("error", reply.Status);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(750));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Private_only_hubs_refuse_public_channels(string vsn)
    {
        await using var hub = new PipeHub(o => o.PrivateOnly = true);
        await using var client = await hub.ConnectAsync(vsn);
        var (reply, _) = await client.JoinAsync("realtime:public-room");
        Assert.Equal("PrivateOnly: This project only allows private channels", reply.Response.GetProperty("reason").GetString());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Replay_on_a_public_channel_is_refused(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        await client.PushAsync("5", "5", "realtime:replay", "phx_join", """{"config":{"broadcast":{"replay":{"since":0,"limit":10}},"private":false}}""");
        var reply = await client.ReceiveAsync();
        Assert.Equal("UnableToReplayMessages: Replay is not allowed for public channels", reply.Response.GetProperty("reason").GetString());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_private_join_when_the_database_is_unreachable_fails_with_UnableToConnectToProject(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var (reply, _) = await client.JoinAsync("realtime:secret", isPrivate: true);
        Assert.Equal("UnableToConnectToProject: Realtime was unable to connect to the project database", reply.Response.GetProperty("reason").GetString());
        await client.HeartbeatAsync();
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Booleans_sent_as_strings_are_accepted(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        await client.PushAsync("1", "1", "realtime:flex", "phx_join", """{"config":{"broadcast":{"self":"true","ack":"true"},"presence":{"enabled":"false"}}}""");
        Assert.Equal("ok", (await client.ReceiveAsync()).Status);
        await client.BroadcastAsync("1", "2", "realtime:flex", "ping", """{"n":1}""");
        var frames = new[] { await client.ReceiveAsync(), await client.ReceiveAsync() };
        Assert.Contains(frames, f => f.Event == "broadcast");
        Assert.Contains(frames, f => f.Event == "phx_reply" && f.Ref == "2" && f.Status == "ok");
    }

    [Fact]
    public async Task Closing_the_connection_leaves_every_channel_and_updates_the_counters()
    {
        var client = await _hub.ConnectAsync(Vsn.V2);
        await client.JoinOkAsync("realtime:x1");
        await client.JoinOkAsync("realtime:x2");
        Assert.Equal(1, _hub.Metrics.Connections);
        Assert.Equal(2, _hub.Metrics.Channels);
        Assert.Equal(2, _hub.Metrics.Snapshot().Topics);
        await client.CloseAsync();
        var (status, _) = await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1000, status);
        await client.ServerDone.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, _hub.Metrics.Connections);
        Assert.Equal(0, _hub.Metrics.Channels);
        Assert.Equal(0, _hub.Metrics.Snapshot().Topics);
        Assert.Equal(0, _hub.Hub.Channels.Count);
    }

    [Fact]
    public async Task Join_payload_problems_fall_back_to_defaults_like_Supabase()
    {
        await using var client = await _hub.ConnectAsync(Vsn.V2);
        await client.PushAsync("1", "1", "realtime:lenient", "phx_join", """{"config":{"broadcast":"yes","presence":{"enabled":7},"postgres_changes":{}}}""");
        var reply = await client.ReceiveAsync();
        Assert.Equal("ok", reply.Status);
        Assert.Equal(JsonValueKind.Array, reply.Response.GetProperty("postgres_changes").ValueKind);
        Assert.True(_hub.Logger.Contains("RealtimeInvalidJoinPayload"));
    }
}
