using System.Text.Json;
using AgentHub.Realtime.Tests.Support;

namespace AgentHub.Realtime.Tests.Sessions;

/// <summary>Presence (docs/realtime-protocol.md 5): track, re-track, untrack, state on join, leaves on disconnect, limits.</summary>
public sealed class PresenceTests : IAsyncLifetime
{
    private readonly PipeHub _hub = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private static string Track(string payloadJson) => $$"""{"type":"presence","event":"track","payload":{{payloadJson}}}""";

    [Theory, MemberData(nameof(Vsn.Pairs), MemberType = typeof(Vsn))]
    public async Task Track_replies_ok_then_every_presence_member_gets_the_same_diff(string trackerVsn, string watcherVsn)
    {
        await using var tracker = await _hub.ConnectAsync(trackerVsn);
        await using var watcher = await _hub.ConnectAsync(watcherVsn);
        var joinRef = await tracker.JoinOkAsync("realtime:p1", presence: true, presenceKey: "user-7");
        await watcher.JoinOkAsync("realtime:p1", presence: true, presenceKey: "user-9");

        await tracker.PushAsync(joinRef, "20", "realtime:p1", "presence", Track("""{"name":"Ann"}"""));
        var reply = await tracker.ReceiveAsync();
        Assert.Equal(("phx_reply", "20", "ok"), (reply.Event, reply.Ref, reply.Status));

        var own = await tracker.ReceiveAsync();
        var seen = await watcher.ReceiveAsync();
        foreach (var diff in new[] { own, seen })
        {
            Assert.Equal(("presence_diff", (string?)null, (string?)null), (diff.Event, diff.JoinRef, diff.Ref));
            var metas = diff.Payload.GetProperty("joins").GetProperty("user-7").GetProperty("metas");
            Assert.Equal(1, metas.GetArrayLength());
            Assert.Equal("Ann", metas[0].GetProperty("name").GetString());
            Assert.False(string.IsNullOrEmpty(metas[0].GetProperty("phx_ref").GetString()));
            Assert.Equal("{}", diff.Payload.GetProperty("leaves").GetRawText());
        }

        Assert.Equal(own.Payload.GetRawText(), seen.Payload.GetRawText());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_later_joiner_gets_the_current_state_and_a_retrack_is_a_join_plus_a_leave_with_phx_ref_prev(string vsn)
    {
        await using var tracker = await _hub.ConnectAsync(vsn);
        var joinRef = await tracker.JoinOkAsync("realtime:p2", presence: true, presenceKey: "user-7");
        await tracker.PushAsync(joinRef, "21", "realtime:p2", "presence", Track("""{"status":"online"}"""));
        await tracker.WaitForAsync(f => f.Event == "presence_diff");

        await using var late = await _hub.ConnectAsync(vsn);
        var (reply, lateRef) = await late.JoinAsync("realtime:p2", presence: true);
        Assert.Equal("ok", reply.Status);
        var state = await late.ReceiveAsync();
        Assert.Equal(("presence_state", lateRef), (state.Event, state.JoinRef));
        var firstMeta = state.Payload.GetProperty("user-7").GetProperty("metas")[0];
        Assert.Equal("online", firstMeta.GetProperty("status").GetString());
        var firstRef = firstMeta.GetProperty("phx_ref").GetString();

        await tracker.PushAsync(joinRef, "22", "realtime:p2", "presence", Track("""{"status":"away"}"""));
        var diff = await late.ReceiveAsync();
        var joined = diff.Payload.GetProperty("joins").GetProperty("user-7").GetProperty("metas")[0];
        var left = diff.Payload.GetProperty("leaves").GetProperty("user-7").GetProperty("metas")[0];
        Assert.Equal("away", joined.GetProperty("status").GetString());
        Assert.Equal(firstRef, joined.GetProperty("phx_ref_prev").GetString());
        Assert.NotEqual(firstRef, joined.GetProperty("phx_ref").GetString());
        Assert.Equal(firstRef, left.GetProperty("phx_ref").GetString());
        Assert.Equal("online", left.GetProperty("status").GetString());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Tracking_the_same_payload_again_is_ok_and_sends_no_diff(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:p3", presence: true);
        await client.PushAsync(joinRef, "1", "realtime:p3", "presence", Track("""{"a":1}"""));
        Assert.Equal("ok", (await client.ReceiveAsync()).Status);
        Assert.Equal("presence_diff", (await client.ReceiveAsync()).Event);
        await client.PushAsync(joinRef, "2", "realtime:p3", "presence", Track("""{"a":1}"""));
        Assert.Equal("ok", (await client.ReceiveAsync()).Status);
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(200));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Untrack_and_disconnect_send_leaves(string vsn)
    {
        await using var watcher = await _hub.ConnectAsync(vsn);
        await watcher.JoinOkAsync("realtime:p4", presence: true, presenceKey: "w");
        var a = await _hub.ConnectAsync(vsn);
        var b = await _hub.ConnectAsync(vsn);
        var refA = await a.JoinOkAsync("realtime:p4", presence: true, presenceKey: "a");
        var refB = await b.JoinOkAsync("realtime:p4", presence: true, presenceKey: "b");
        await a.PushAsync(refA, "1", "realtime:p4", "presence", Track("{}"));
        await b.PushAsync(refB, "1", "realtime:p4", "presence", Track("{}"));
        // The two joins may arrive in one diff or in two: wait until both have been seen.
        var joined = new HashSet<string>();
        while (!joined.Contains("a") || !joined.Contains("b"))
        {
            var diff = await watcher.WaitForAsync(f => f.Event == "presence_diff");
            foreach (var key in diff.Payload.GetProperty("joins").EnumerateObject()) joined.Add(key.Name);
        }

        await a.PushAsync(refA, "2", "realtime:p4", "presence", """{"type":"presence","event":"untrack"}""");
        var untracked = await watcher.ReceiveAsync();
        Assert.True(untracked.Payload.GetProperty("leaves").TryGetProperty("a", out _), untracked.Raw);

        await b.CloseAsync();
        await b.ServerDone.WaitAsync(TimeSpan.FromSeconds(5));
        var gone = await watcher.ReceiveAsync();
        Assert.True(gone.Payload.GetProperty("leaves").TryGetProperty("b", out _), gone.Raw);
        Assert.Equal("{}", gone.Payload.GetProperty("joins").GetRawText());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Two_connections_with_one_key_are_two_metas_under_that_key(string vsn)
    {
        await using var first = await _hub.ConnectAsync(vsn);
        await using var second = await _hub.ConnectAsync(vsn);
        var r1 = await first.JoinOkAsync("realtime:p5", presence: true, presenceKey: "bo");
        var r2 = await second.JoinOkAsync("realtime:p5", presence: true, presenceKey: "bo");
        await first.PushAsync(r1, "1", "realtime:p5", "presence", Track("""{"device":"phone"}"""));
        await second.PushAsync(r2, "1", "realtime:p5", "presence", Track("""{"device":"laptop"}"""));
        await first.WaitForAsync(f => f.Event == "presence_diff" && f.Payload.GetRawText().Contains("laptop"));

        await using var late = await _hub.ConnectAsync(vsn);
        var (_, _) = await late.JoinAsync("realtime:p5", presence: true);
        var state = await late.WaitForAsync(f => f.Event == "presence_state");
        var metas = state.Payload.GetProperty("bo").GetProperty("metas");
        // Two metas under the one key; their order is not part of the protocol.
        Assert.Equal(["laptop", "phone"], metas.EnumerateArray().Select(m => m.GetProperty("device").GetString()).Order());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task A_track_is_what_enables_presence_for_a_member_that_joined_without_it(string vsn)
    {
        await using var other = await _hub.ConnectAsync(vsn);
        var otherRef = await other.JoinOkAsync("realtime:p6", presence: true, presenceKey: "other");
        await other.PushAsync(otherRef, "1", "realtime:p6", "presence", Track("{}"));
        await other.WaitForAsync(f => f.Event == "presence_diff");

        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:p6", presence: false, presenceKey: "me");
        await client.ExpectSilenceAsync(TimeSpan.FromMilliseconds(150));
        await client.PushAsync(joinRef, "2", "realtime:p6", "presence", Track("""{"x":1}"""));
        Assert.Equal("ok", (await client.ReceiveAsync()).Status);
        var state = await client.ReceiveAsync();
        Assert.Equal(("presence_state", joinRef), (state.Event, state.JoinRef));
        Assert.True(state.Payload.TryGetProperty("other", out _));
        var diff = await client.ReceiveAsync();
        Assert.True(diff.Payload.GetProperty("joins").TryGetProperty("me", out _));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Members_without_presence_get_no_presence_traffic(string vsn)
    {
        await using var quiet = await _hub.ConnectAsync(vsn);
        await quiet.JoinOkAsync("realtime:p7", presence: false);
        await using var tracker = await _hub.ConnectAsync(vsn);
        var joinRef = await tracker.JoinOkAsync("realtime:p7", presence: true);
        await tracker.PushAsync(joinRef, "1", "realtime:p7", "presence", Track("{}"));
        await tracker.WaitForAsync(f => f.Event == "presence_diff");
        await quiet.ExpectSilenceAsync(TimeSpan.FromMilliseconds(200));
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Bad_presence_pushes_get_Supabase_replies(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:p8", presence: true);

        await client.PushAsync(joinRef, "1", "realtime:p8", "presence", """{"type":"presence","event":"track","payload":[1,2]}""");
        var notAMap = await client.ReceiveAsync();
        Assert.Equal("""{"status":"error","response":{"reason":"Presence track payload must be a map"}}""", notAMap.Payload.GetRawText());

        await client.PushAsync(joinRef, "2", "realtime:p8", "presence", """{"type":"presence","event":"wave"}""");
        Assert.Equal("""{"status":"error","response":{}}""", (await client.ReceiveAsync()).Payload.GetRawText());

        await client.PushAsync(joinRef, "3", "realtime:p8", "presence", """{"type":"presence"}""");
        Assert.Equal("ok", (await client.ReceiveAsync()).Status);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task The_sixth_presence_call_in_the_window_closes_the_channel_with_a_system_error(string vsn)
    {
        await using var client = await _hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:p9", presence: true);
        for (var i = 0; i < 5; i++)
        {
            await client.PushAsync(joinRef, $"t{i}", "realtime:p9", "presence", Track($$"""{"i":{{i}}}"""));
            await client.WaitForAsync(f => f.Ref == $"t{i}");
        }

        await client.PushAsync(joinRef, "t5", "realtime:p9", "presence", Track("""{"i":5}"""));
        var system = await client.WaitForAsync(f => f.Event == "system");
        Assert.Equal(joinRef, system.JoinRef);
        Assert.Equal("""{"extension":"system","status":"error","message":"Client presence rate limit exceeded","channel":"p9"}""", system.Payload.GetRawText());
        var close = await client.ReceiveAsync();
        Assert.Equal(("phx_close", joinRef), (close.Event, close.JoinRef));
        await client.HeartbeatAsync();
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task An_oversized_track_closes_the_channel_with_Track_message_size_exceeded(string vsn)
    {
        await using var hub = new PipeHub(o => o.MaxPayloadBytes = 64);
        await using var client = await hub.ConnectAsync(vsn);
        var joinRef = await client.JoinOkAsync("realtime:p10", presence: true);
        await client.PushAsync(joinRef, "1", "realtime:p10", "presence", Track("{\"bio\":\"" + new string('z', 100) + "\"}"));
        var system = await client.WaitForAsync(f => f.Event == "system");
        Assert.Equal("Track message size exceeded", system.Payload.GetProperty("message").GetString());
        Assert.Equal("phx_close", (await client.ReceiveAsync()).Event);
    }

    [Fact]
    public async Task Payload_phx_ref_fields_cannot_spoof_the_meta_identity()
    {
        await using var client = await _hub.ConnectAsync(Vsn.V2);
        var joinRef = await client.JoinOkAsync("realtime:p11", presence: true, presenceKey: "k");
        await client.PushAsync(joinRef, "1", "realtime:p11", "presence", Track("""{"phx_ref":"fake","phx_ref_prev":"fake2","ok":true}"""));
        var diff = await client.WaitForAsync(f => f.Event == "presence_diff");
        var meta = diff.Payload.GetProperty("joins").GetProperty("k").GetProperty("metas")[0];
        Assert.NotEqual("fake", meta.GetProperty("phx_ref").GetString());
        Assert.False(meta.TryGetProperty("phx_ref_prev", out _));
        Assert.Single(meta.EnumerateObject(), p => p.Name == "phx_ref");
        Assert.True(meta.GetProperty("ok").GetBoolean());
    }
}
