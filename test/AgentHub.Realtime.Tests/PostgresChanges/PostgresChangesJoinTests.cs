using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.PostgresChanges;
using AgentHub.Realtime.Tests.Support;

namespace AgentHub.Realtime.Tests.PostgresChanges;

/// <summary>The postgres_changes extension point: ids in the join reply (docs 3.3, 6.1), the registry, delivery without sockets.</summary>
public sealed class PostgresChangesJoinTests : IAsyncLifetime
{
    private readonly PipeHub _hub = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private const string Entries = """
        [{"event":"INSERT","schema":"public","table":"todos","filter":"id=eq.1"},
         {"event":"*","schema":"public"},
         {"event":"INSERT","schema":"public","table":"todos","filter":"id=eq.1"},
         {"event":"DELETE","table":"notes","select":["id","title"]}]
        """;

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task The_join_reply_echoes_every_entry_in_order_with_a_stable_numeric_id(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var (reply, _) = await client.JoinAsync("realtime:db", postgresChanges: Entries);
        Assert.Equal("ok", reply.Status);
        var echoed = reply.Response.GetProperty("postgres_changes").EnumerateArray().ToArray();
        Assert.Equal(4, echoed.Length);
        var sent = JsonDocument.Parse(Entries).RootElement.EnumerateArray().ToArray();
        for (var i = 0; i < sent.Length; i++)
        {
            Assert.Equal(JsonValueKind.Number, echoed[i].GetProperty("id").ValueKind);
            Assert.NotEqual(0, echoed[i].GetProperty("id").GetInt32());
            foreach (var property in sent[i].EnumerateObject())
            {
                Assert.Equal(property.Value.GetRawText(), echoed[i].GetProperty(property.Name).GetRawText());
            }

            Assert.Equal(sent[i].EnumerateObject().Count() + 1, echoed[i].EnumerateObject().Count());
        }

        // Identical entries get identical ids (Supabase hashes the entry); different ones differ.
        Assert.Equal(echoed[0].GetProperty("id").GetInt32(), echoed[2].GetProperty("id").GetInt32());
        Assert.NotEqual(echoed[0].GetProperty("id").GetInt32(), echoed[1].GetProperty("id").GetInt32());

        // The same entry on another connection gets the same id too.
        await using var other = await _hub.ConnectAsync(vsn);
        var (otherReply, _) = await other.JoinAsync("realtime:db2", postgresChanges: """[{"event":"INSERT","schema":"public","table":"todos","filter":"id=eq.1"}]""");
        Assert.Equal(echoed[0].GetProperty("id").GetInt32(), otherReply.Response.GetProperty("postgres_changes")[0].GetProperty("id").GetInt32());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Without_change_capture_the_join_still_succeeds_registers_and_says_why_nothing_will_arrive(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var (reply, joinRef) = await client.JoinAsync("realtime:nocdc", postgresChanges: """[{"event":"*","schema":"public","table":"todos"}]""");
        Assert.Equal("ok", reply.Status);
        var system = await client.ReceiveAsync();
        Assert.Equal(("system", joinRef), (system.Event, system.JoinRef));
        Assert.Equal("postgres_changes", system.Payload.GetProperty("extension").GetString());
        Assert.Equal("error", system.Payload.GetProperty("status").GetString());
        Assert.Equal("nocdc", system.Payload.GetProperty("channel").GetString());
        Assert.Contains("Change capture is not running", system.Payload.GetProperty("message").GetString());
        Assert.True(_hub.Logger.Contains("RealtimeChangeCaptureNotRunning"));
        Assert.Single(_hub.Registry.GetAllSubscriptions());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Invalid_entries_are_echoed_but_reported_and_not_registered(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var (reply, _) = await client.JoinAsync("realtime:bad", postgresChanges: """
            [{"event":"*","schema":"public","table":"todos","filter":"id=between.1"},
             {"event":"*"},
             {"event":"*","table":"todos","filter":"id=eq.1"},
             {"event":"UPDATE","schema":"public","table":"todos"}]
            """);
        Assert.Equal(4, reply.Response.GetProperty("postgres_changes").GetArrayLength());
        var messages = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            messages.Add((await client.ReceiveAsync()).Payload.GetProperty("message").GetString()!);
        }

        Assert.StartsWith("Error parsing `filter` params: unknown operator `between`", messages[0]);
        Assert.StartsWith("No subscription params provided. Please provide at least a `schema` or `table`", messages[1]);
        Assert.StartsWith("No subscription params provided. A `filter` needs both `schema` and `table`", messages[2]);
        Assert.Contains("Change capture is not running", messages[3]);
        var registered = Assert.Single(_hub.Registry.GetAllSubscriptions());
        Assert.Equal((PostgresChangesEvent.Update, "UPDATE", "public", "todos"), (registered.Event, registered.EventText, registered.Schema, registered.Table));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task The_registry_snapshot_carries_identity_topic_join_ref_and_serializer_and_delivers_frames(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var token = _hub.Tokens.User("alice");
        var (reply, joinRef) = await client.JoinAsync("realtime:feed", accessToken: token, postgresChanges: """
            [{"event":"INSERT","schema":"public","table":"messages","filter":"room_id=eq.42"},{"event":"*","schema":"*"}]
            """);
        var ids = reply.Response.GetProperty("postgres_changes").EnumerateArray().Select(e => e.GetProperty("id").GetInt32()).ToArray();
        await client.ReceiveAsync(); // the "not running" notice

        var forMessages = _hub.Registry.GetSubscriptions("public", "messages");
        Assert.Equal(2, forMessages.Count);
        Assert.Single(_hub.Registry.GetSubscriptions("audit", "log"));
        Assert.DoesNotContain(_hub.Registry.GetSubscriptions("public", "other"), s => s.Table == "messages");
        var insert = forMessages.Single(s => s.Table == "messages");
        Assert.Equal(ids[0], insert.Id);
        Assert.Equal(("realtime:feed", joinRef, vsn, "alice", "authenticated"), (insert.Topic, insert.JoinRef, insert.Serializer.Vsn, insert.Token.Subject, insert.Token.Role));
        Assert.Equal("room_id", insert.Filter!.Conditions[0].Column);
        Assert.True(insert.Wants(PostgresChangesEvent.Insert));
        Assert.False(insert.Wants(PostgresChangesEvent.Delete));
        Assert.Same(insert.Channel, forMessages.Single(s => s.Schema == "*").Channel);
        Assert.Equal("feed", insert.Channel.Name);

        // Delivery the way the CDC side will do it: serialize with the subscriber's serializer, enqueue.
        var payload = $$$"""{"ids":[{{{ids[0]}}},{{{ids[1]}}}],"data":{"schema":"public","table":"messages","commit_timestamp":"2025-05-01T12:00:00.123Z","type":"INSERT","columns":[{"name":"id","type":"int8"}],"record":{"id":501},"errors":null}}""";
        var frame = insert.Serializer.SerializePush(null, null, insert.Topic, PhoenixEventNames.PostgresChanges, Encoding.UTF8.GetBytes(payload));
        Assert.True(insert.TryEnqueue(frame));
        var received = await client.ReceiveAsync();
        Assert.Equal(("postgres_changes", (string?)null, "realtime:feed"), (received.Event, received.JoinRef, received.Topic));
        Assert.Equal(payload, received.Payload.GetRawText());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Leaving_or_disconnecting_removes_the_subscriptions_and_stops_delivery(string vsn)
    {
        var client = await _hub.ConnectAsync(vsn);
        var (_, joinRef) = await client.JoinAsync("realtime:gone", postgresChanges: """[{"event":"*","schema":"public","table":"t"}]""");
        var (_, otherRef) = await client.JoinAsync("realtime:gone2", postgresChanges: """[{"event":"*","schema":"public","table":"t"}]""");
        var subscription = _hub.Registry.GetSubscriptions("public", "t").Single(s => s.Topic == "realtime:gone");
        var version = _hub.Registry.Version;

        await client.PushAsync(joinRef, "50", "realtime:gone", "phx_leave", "{}");
        await client.WaitForAsync(f => f.Event == "phx_close" && f.Topic == "realtime:gone");
        Assert.True(_hub.Registry.Version > version);
        Assert.False(subscription.Channel.IsOpen);
        Assert.False(subscription.TryEnqueue(new PhoenixFrame(PhoenixFrameType.Text, "[]"u8.ToArray())));
        Assert.Single(_hub.Registry.GetSubscriptions("public", "t"));

        await client.CloseAsync();
        await client.ServerDone.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(_hub.Registry.GetAllSubscriptions());
        Assert.Equal(0, _hub.Registry.Count);
        Assert.Equal(0, _hub.Metrics.Snapshot().PostgresChangesSubscriptions);
        _ = otherRef;
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_backend_is_told_about_subscriptions_and_token_changes_and_can_confirm_them(string vsn)
    {
        // Subscribed before the backend exists: attaching hands the existing channels over.
        await using var early = await _hub.ConnectAsync(vsn);
        await early.JoinAsync("realtime:early", postgresChanges: """[{"event":"*","schema":"public","table":"t"}]""");
        await early.ReceiveAsync();

        var backend = new ConfirmingBackend();
        _hub.Registry.AttachBackend(backend);
        Assert.Throws<InvalidOperationException>(() => _hub.Registry.AttachBackend(new ConfirmingBackend()));
        var confirmed = await early.ReceiveAsync();
        Assert.Equal("""{"extension":"postgres_changes","status":"ok","message":"Subscribed to PostgreSQL","channel":"early"}""", confirmed.Payload.GetRawText());

        await using var client = await _hub.ConnectAsync(vsn);
        var (reply, joinRef) = await client.JoinAsync("realtime:live", postgresChanges: """[{"event":"*","schema":"public","table":"t","filter":"id=eq.3"},{"event":"*","schema":"public","table":"t","filter":"id=eq.4"}]""");
        Assert.Equal("ok", reply.Status);
        var ok = await client.ReceiveAsync();
        Assert.Equal(("system", joinRef, "ok"), (ok.Event, ok.JoinRef, ok.Payload.GetProperty("status").GetString()));
        Assert.False(_hub.Logger.Entries.Count(e => e.EventName == "RealtimeChangeCaptureNotRunning") > 1);

        var channel = backend.Subscribed.Single(c => c.Topic == "realtime:live");
        Assert.Equal(2, channel.Subscriptions.Count);
        await client.PushAsync(joinRef, "70", "realtime:live", "access_token", $$"""{"access_token":"{{_hub.Tokens.User("bob")}}"}""");
        await WaitUntil(() => backend.TokenChanges.Contains(channel));
        Assert.Equal("bob", channel.Token.Subject);
        Assert.Equal("bob", channel.Subscriptions[0].Token.Subject);

        await client.PushAsync(joinRef, "71", "realtime:live", "phx_leave", "{}");
        await WaitUntil(() => backend.Unsubscribed.Contains(channel));
    }

    [Fact]
    public async Task A_failing_backend_does_not_break_the_join()
    {
        _hub.Registry.AttachBackend(new ThrowingBackend());
        await using var client = await _hub.ConnectAsync(Vsn.V2);
        var (reply, _) = await client.JoinAsync("realtime:throws", postgresChanges: """[{"event":"*","schema":"public","table":"t"}]""");
        Assert.Equal("ok", reply.Status);
        await client.HeartbeatAsync();
        Assert.True(_hub.Logger.Contains("RealtimeCdcBackendFailed"));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition());
    }

    /// <summary>A backend that confirms every subscription at once, as the CDC side does after validating it.</summary>
    private sealed class ConfirmingBackend : IPostgresChangesBackend
    {
        public ConcurrentBag<PostgresChangesChannel> Subscribed { get; } = [];

        public ConcurrentBag<PostgresChangesChannel> Unsubscribed { get; } = [];

        public ConcurrentBag<PostgresChangesChannel> TokenChanges { get; } = [];

        public void Subscribe(PostgresChangesChannel channel)
        {
            Subscribed.Add(channel);
            channel.ReportSubscribed();
        }

        public void Unsubscribe(PostgresChangesChannel channel) => Unsubscribed.Add(channel);

        public void TokenChanged(PostgresChangesChannel channel) => TokenChanges.Add(channel);
    }

    private sealed class ThrowingBackend : IPostgresChangesBackend
    {
        public void Subscribe(PostgresChangesChannel channel) => throw new InvalidOperationException("backend bug");

        public void Unsubscribe(PostgresChangesChannel channel) => throw new InvalidOperationException("backend bug");
    }
}
