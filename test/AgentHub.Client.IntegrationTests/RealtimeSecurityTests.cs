using System.Collections.Concurrent;
using AgentHub.Client.Realtime;
using AgentHub.Testing;

namespace AgentHub.Client.IntegrationTests;

/// <summary>Row-level security and private channels, seen through the SDK's realtime client with real user sessions.</summary>
public sealed class RealtimeSecurityTests(PostgresFixture postgres)
{
    private const string Schema = """
        create table public.todos (id bigint generated always as identity primary key, owner uuid not null, title text not null);
        alter table public.todos enable row level security;
        create policy "own todos" on public.todos for select to authenticated using (owner = auth.uid());
        alter publication supabase_realtime add table public.todos;

        create policy "own inbox: receive" on realtime.messages for select to authenticated
          using (realtime.topic() = 'inbox:' || auth.uid()::text);
        create policy "own inbox: send" on realtime.messages for insert to authenticated
          with check (realtime.topic() = 'inbox:' || auth.uid()::text);
        """;

    private sealed record Todo(long Id, Guid Owner, string Title);

    [Fact]
    public async Task Each_signed_in_user_receives_only_the_rows_policies_let_them_read()
    {
        await using var hub = await HubInstance.StartAsync(postgres, "sdk_rls", Schema);
        var alice = await SignedInUser.SignUpAsync(hub, "alice");
        var bob = await SignedInUser.SignUpAsync(hub, "bob");
        var seen = new ConcurrentDictionary<string, ConcurrentQueue<Todo>>();
        var clients = new List<AgentHubClient>();
        foreach (var (name, token) in new[] { ("alice", alice.AccessToken), ("bob", bob.AccessToken), ("anon", (string?)null), ("service", hub.Server.Keys.ServiceRole) })
        {
            var client = hub.Client(token);
            clients.Add(client);
            var queue = seen[name] = new ConcurrentQueue<Todo>();
            var channel = client.Realtime.Channel("todos").OnPostgresChanges("INSERT", "public", "todos", null, change => queue.Enqueue(change.RecordAs<Todo>()!));
            await client.Realtime.ConnectAsync();
            await channel.SubscribeAsync();
        }

        try
        {
            await Task.Delay(300);
            await Sql.ExecuteAsync(hub.Database, $"""
                insert into public.todos (owner, title) values
                  ('{alice.Id}', 'alice 1'), ('{bob.Id}', 'bob 1'), ('{alice.Id}', 'alice 2'), ('{Guid.NewGuid()}', 'nobody')
                """);
            await Eventually.TrueAsync(() => seen["service"].Count == 4, "the service role to see every row");
            await Eventually.TrueAsync(() => seen["alice"].Count == 2 && seen["bob"].Count == 1, "each user's own rows");
            await Task.Delay(500); // anything unauthorised would have arrived with the rest
            Assert.Equal(["alice 1", "alice 2"], seen["alice"].Select(t => t.Title));
            Assert.Equal(["bob 1"], seen["bob"].Select(t => t.Title));
            Assert.Empty(seen["anon"]);
        }
        finally
        {
            foreach (var client in clients) await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_private_channel_admits_whom_its_policies_allow_and_is_separate_from_the_public_one()
    {
        await using var hub = await HubInstance.StartAsync(postgres, "sdk_private", Schema);
        var alice = await SignedInUser.SignUpAsync(hub, "alice");
        var bob = await SignedInUser.SignUpAsync(hub, "bob");
        await using var aliceClient = hub.Client(alice.AccessToken);
        await using var bobClient = hub.Client(bob.AccessToken);
        await aliceClient.Realtime.ConnectAsync();
        await bobClient.Realtime.ConnectAsync();
        var topic = $"inbox:{alice.Id}";

        var heardPrivately = new ConcurrentQueue<string>();
        var own = aliceClient.Realtime.Channel(topic, new ChannelOptions { Private = true, BroadcastSelf = true })
            .OnBroadcast("note", payload => heardPrivately.Enqueue(payload.GetProperty("text").GetString()!));
        await own.SubscribeAsync();

        var refused = await Assert.ThrowsAsync<RealtimeException>(() => bobClient.Realtime.Channel(topic, new ChannelOptions { Private = true }).SubscribeAsync());
        Assert.Contains("Unauthorized", refused.Message, StringComparison.OrdinalIgnoreCase);

        // Anyone may join the public channel of the same name, but that is another channel. (A new
        // client: like supabase-js, the SDK hands back the channel it already has for a topic.)
        await using var anonClient = hub.Client();
        await anonClient.Realtime.ConnectAsync();
        var heardPublicly = new ConcurrentQueue<string>();
        var publicOne = anonClient.Realtime.Channel(topic, new ChannelOptions { BroadcastSelf = true })
            .OnBroadcast("note", payload => heardPublicly.Enqueue(payload.GetProperty("text").GetString()!));
        await publicOne.SubscribeAsync();
        await publicOne.SendBroadcastAsync("note", new { text = "public" });
        await own.SendBroadcastAsync("note", new { text = "private" });

        await Eventually.TrueAsync(() => heardPrivately.Count == 1 && heardPublicly.Count == 1, "each channel's own broadcast");
        await Task.Delay(300);
        Assert.Equal(["private"], heardPrivately);
        Assert.Equal(["public"], heardPublicly);
    }
}
