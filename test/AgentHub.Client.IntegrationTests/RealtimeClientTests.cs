using System.Collections.Concurrent;
using AgentHub.Client.Realtime;
using AgentHub.Testing;

namespace AgentHub.Client.IntegrationTests;

/// <summary>The SDK's realtime client against a real hub over real sockets.</summary>
public sealed class RealtimeClientTests(PostgresFixture postgres)
{
    private const string Schema = """
        create table public.notes (id bigint generated always as identity primary key, body text not null, priority int not null default 0);
        alter table public.notes enable row level security;
        create policy "read all" on public.notes for select using (true);
        alter publication supabase_realtime add table public.notes;
        """;

    private sealed record Note(long Id, string Body, int Priority);

    [Fact]
    public async Task Broadcast_and_presence_between_two_clients()
    {
        await using var hub = await HubInstance.StartAsync(postgres, "sdk_broadcast", Schema);
        await using var alice = hub.Client();
        await using var bob = hub.Client();
        await alice.Realtime.ConnectAsync();
        await bob.Realtime.ConnectAsync();

        var heard = new ConcurrentQueue<string>();
        var aliceRoom = alice.Realtime.Channel("room", new ChannelOptions { PresenceKey = "alice", BroadcastAck = true });
        var bobRoom = bob.Realtime.Channel("room", new ChannelOptions { PresenceKey = "bob" })
            .OnBroadcast("chat", payload => heard.Enqueue(payload.GetProperty("text").GetString()!))
            .OnPresenceChanged(() => { });
        await bobRoom.SubscribeAsync();
        await aliceRoom.SubscribeAsync();

        await aliceRoom.SendBroadcastAsync("chat", new { text = "hello bob" });
        await Eventually.TrueAsync(() => heard.Contains("hello bob"), "bob to hear alice");

        await aliceRoom.TrackAsync(new { status = "reading" });
        await Eventually.TrueAsync(() => bobRoom.Presence.Snapshot().ContainsKey("alice"), "alice's presence at bob");
        Assert.Equal("reading", bobRoom.Presence.Snapshot()["alice"][0].GetProperty("status").GetString());

        await aliceRoom.UnsubscribeAsync();
        await Eventually.TrueAsync(() => !bobRoom.Presence.Snapshot().ContainsKey("alice"), "alice's presence to end");
    }

    [Fact]
    public async Task Row_changes_arrive_typed_and_filtered_and_again_after_the_hub_restarts()
    {
        await using var hub = await HubInstance.StartAsync(postgres, "sdk_changes", Schema);
        await using var watcher = hub.ServiceClient();
        var notes = new ConcurrentQueue<Note>();
        var reconnected = 0;
        watcher.Realtime.Connected += () => Interlocked.Increment(ref reconnected);
        var channel = watcher.Realtime.Channel("notes")
            .OnPostgresChanges("INSERT", "public", "notes", "priority=gte.5", change => notes.Enqueue(change.RecordAs<Note>()!));
        await watcher.Realtime.ConnectAsync();
        await channel.SubscribeAsync();
        await Task.Delay(300);

        await Sql.ExecuteAsync(hub.Database, "insert into public.notes (body, priority) values ('ignored', 1), ('urgent', 9)");
        await Eventually.TrueAsync(() => notes.Count == 1, "the urgent note");
        Assert.Equal(("urgent", 9), (notes.Single().Body, notes.Single().Priority));

        await hub.RestartAsync();
        await Eventually.TrueAsync(() => reconnected >= 2 && channel.IsJoined, "the client to reconnect and rejoin", seconds: 30);
        await Task.Delay(300);
        await Sql.ExecuteAsync(hub.Database, "insert into public.notes (body, priority) values ('after restart', 7)");
        await Eventually.TrueAsync(() => notes.Count == 2, "the note written after the restart");
        Assert.Equal("after restart", notes.Last().Body);
    }

    [Fact]
    public async Task A_refused_join_says_why()
    {
        await using var hub = await HubInstance.StartAsync(postgres, "sdk_refused", Schema);
        await using var client = hub.Client();
        await client.Realtime.ConnectAsync();
        var error = await Assert.ThrowsAsync<RealtimeException>(() => client.Realtime.Channel("", new ChannelOptions()).SubscribeAsync());
        Assert.Contains("TopicNameRequired", error.Message);
    }
}
