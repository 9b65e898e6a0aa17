using AgentHub.Realtime.Tests.Support;
using AgentHub.Testing;

namespace AgentHub.Realtime.Tests.Integration;

/// <summary>
/// Private channels authorized by row-level security on realtime.messages in a real database
/// (docs/realtime-protocol.md 7.2), with the policies of <see cref="HubFixture.PolicyMigration"/>.
/// </summary>
public sealed class PrivateChannelTests(HubFixture hub)
{
    private static readonly TimeSpan DeniedJoinTimeout = TimeSpan.FromSeconds(15);

    private TestTokens Tokens => hub.Tokens;

    private string Member(string room, string sub = "member") => Tokens.User(sub, appMetadata: new { rooms = new[] { room } });

    private static string Room() => Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Members_allowed_by_the_policies_join_and_broadcast(string vsn)
    {
        var room = Room();
        var topic = $"realtime:room:{room}";
        await using var alice = await hub.ConnectAsync(vsn, Member(room, "alice"));
        await using var bob = await hub.ConnectAsync(vsn);
        var aliceRef = await alice.JoinOkAsync(topic, isPrivate: true, ack: true);
        await bob.JoinOkAsync(topic, isPrivate: true, accessToken: Member(room, "bob"));
        await alice.BroadcastAsync(aliceRef, "5", topic, "hello", """{"from":"alice"}""");
        Assert.Equal("alice", (await bob.ReceiveAsync()).Payload.GetProperty("payload").GetProperty("from").GetString());
        Assert.Equal("ok", (await alice.ReceiveAsync()).Status);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Joins_the_policies_deny_are_refused_Unauthorized_after_the_delay(string vsn)
    {
        var room = Room();
        await using var client = await hub.ConnectAsync(vsn);

        // All refused joins are in flight at once: the 5 s delay does not hold up the connection.
        var joins = new (string Topic, string Config, string? Token)[]
        {
            ($"realtime:room:{room}", "\"presence\":{\"enabled\":false},\"private\":true", Member("other-room")),
            ($"realtime:room:{room}x", "\"private\":true", null),
            ($"realtime:broken:{room}", "\"presence\":{\"enabled\":false},\"private\":true", Member(room)),
            ($"realtime:lobby:{room}", "\"presence\":{\"enabled\":false},\"private\":true", Member(room)),
        };
        for (var i = 0; i < joins.Length; i++)
        {
            var token = joins[i].Token is { } t ? $",\"access_token\":\"{t}\"" : "";
            await client.PushAsync($"j{i}", $"j{i}", joins[i].Topic, "phx_join", $"{{\"config\":{{{joins[i].Config}}}{token}}}");
        }

        var started = DateTime.UtcNow;
        await client.HeartbeatAsync();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), "the heartbeat waited behind the refused joins");

        var reasons = new Dictionary<string, string>();
        while (reasons.Count < joins.Length)
        {
            var reply = await client.WaitForAsync(f => f.Event == "phx_reply" && f.Ref!.StartsWith('j'), DeniedJoinTimeout);
            Assert.Equal("error", reply.Status);
            reasons[reply.Topic] = reply.Response.GetProperty("reason").GetString()!;
        }

        foreach (var (topic, _, _) in joins)
        {
            Assert.Equal($"Unauthorized: You do not have permissions to read from this Channel topic: {topic["realtime:".Length..]}", reasons[topic]);
        }
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Service_role_bypasses_the_policies(string vsn)
    {
        await using var client = await hub.ConnectAsync(vsn, hub.ServiceKey);
        await client.JoinOkAsync($"realtime:anything:{Room()}", isPrivate: true);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Public_and_private_channels_with_one_name_never_mix(string vsn)
    {
        var room = Room();
        var topic = $"realtime:room:{room}";
        await using var privateMember = await hub.ConnectAsync(vsn, Member(room));
        await using var publicMember = await hub.ConnectAsync(vsn);
        var privateRef = await privateMember.JoinOkAsync(topic, isPrivate: true);
        var publicRef = await publicMember.JoinOkAsync(topic, isPrivate: false);

        await privateMember.BroadcastAsync(privateRef, "1", topic, "secret", "{}");
        await publicMember.BroadcastAsync(publicRef, "1", topic, "open", "{}");
        await privateMember.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
        await publicMember.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Read_only_members_receive_but_their_broadcasts_are_dropped_without_any_reply(string vsn)
    {
        var topic = $"realtime:readonly:{Room()}";
        await using var listener = await hub.ConnectAsync(vsn, Tokens.User("listener"));
        await using var writer = await hub.ConnectAsync(vsn, hub.ServiceKey);
        var listenerRef = await listener.JoinOkAsync(topic, isPrivate: true, ack: true);
        var writerRef = await writer.JoinOkAsync(topic, isPrivate: true);

        await listener.BroadcastAsync(listenerRef, "9", topic, "attempt", "{}");
        await listener.ExpectSilenceAsync(TimeSpan.FromMilliseconds(400));
        await writer.ExpectSilenceAsync(TimeSpan.FromMilliseconds(100));

        await writer.BroadcastAsync(writerRef, "2", topic, "news", """{"n":1}""");
        Assert.Equal("news", (await listener.ReceiveAsync()).Payload.GetProperty("event").GetString());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Presence_only_channels_allow_track_and_drop_broadcasts(string vsn)
    {
        var topic = $"realtime:lobby:{Room()}";
        await using var a = await hub.ConnectAsync(vsn, Tokens.User("a"));
        await using var b = await hub.ConnectAsync(vsn, Tokens.User("b"));
        var aRef = await a.JoinOkAsync(topic, isPrivate: true, presence: true, presenceKey: "a");
        await b.JoinOkAsync(topic, isPrivate: true, presence: true, presenceKey: "b");
        await a.PushAsync(aRef, "3", topic, "presence", """{"type":"presence","event":"track","payload":{"here":true}}""");
        Assert.Equal("ok", (await a.WaitForAsync(f => f.Ref == "3")).Status);
        var diff = await b.WaitForAsync(f => f.Event == "presence_diff");
        Assert.True(diff.Payload.GetProperty("joins").TryGetProperty("a", out _));

        await a.BroadcastAsync(aRef, "4", topic, "shout", "{}");
        await b.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Permissions_are_decided_at_join_not_per_message(string vsn)
    {
        var tag = Room();
        var topic = $"realtime:temp{tag}:x";
        var policy = $"temp_{tag}";
        await Sql.ExecuteAsync(hub.Database, $"create policy {policy} on realtime.messages for all to authenticated using (realtime.topic() = 'temp{tag}:x') with check (realtime.topic() = 'temp{tag}:x')");
        try
        {
            await using var a = await hub.ConnectAsync(vsn, Tokens.User("a"));
            await using var b = await hub.ConnectAsync(vsn, Tokens.User("b"));
            var aRef = await a.JoinOkAsync(topic, isPrivate: true);
            await b.JoinOkAsync(topic, isPrivate: true);

            await Sql.ExecuteAsync(hub.Database, $"drop policy {policy} on realtime.messages");
            await a.BroadcastAsync(aRef, "1", topic, "still", "{}");
            Assert.Equal("still", (await b.ReceiveAsync()).Payload.GetProperty("event").GetString());

            // A new join is decided with the policies as they are now.
            await using var c = await hub.ConnectAsync(vsn, Tokens.User("c"));
            var (refused, _) = await c.JoinAsync(topic, isPrivate: true, timeout: DeniedJoinTimeout);
            Assert.Equal("error", refused.Status);
        }
        finally
        {
            await Sql.ExecuteAsync(hub.Database, $"drop policy if exists {policy} on realtime.messages");
        }
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_refreshed_token_that_loses_read_access_closes_the_channel(string vsn)
    {
        var room = Room();
        var topic = $"realtime:room:{room}";
        await using var client = await hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync(topic, isPrivate: true, accessToken: Member(room));

        // Still a member: silent.
        await client.PushAsync(joinRef, "8", topic, "access_token", $$"""{"access_token":"{{Member(room, "same-user-new-token")}}"}""");
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(400));

        await client.PushAsync(joinRef, "9", topic, "access_token", $$"""{"access_token":"{{Member("elsewhere")}}"}""");
        var system = await client.ReceiveAsync();
        Assert.Equal($"You no longer have permission to read from this Channel topic: room:{room}", system.Payload.GetProperty("message").GetString());
        Assert.Equal("phx_close", (await client.ReceiveAsync()).Event);
    }
}
