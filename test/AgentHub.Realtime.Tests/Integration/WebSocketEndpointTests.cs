using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using AgentHub.Realtime.Tests.Support;

namespace AgentHub.Realtime.Tests.Integration;

/// <summary>The WebSocket endpoint of a real in-process hub over real sockets: upgrade auth, versions, fan-out, limits.</summary>
public sealed class WebSocketEndpointTests(HubFixture hub) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Connects_on_both_paths_and_answers_heartbeats(string vsn)
    {
        await using var main = await hub.ConnectAsync(vsn);
        await main.HeartbeatAsync();
        await using var alias = await WebSocketTestClient.ConnectAsync(hub.ApiUrl, vsn, hub.AnonKey, "/socket/websocket");
        await alias.HeartbeatAsync();
    }

    [Fact]
    public async Task Without_vsn_the_server_speaks_1_0_0()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{hub.ApiUrl.Authority}/realtime/v1/websocket?apikey={hub.AnonKey}"), CancellationToken.None);
        await socket.SendAsync("""{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"1"}"""u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        var reply = JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement;
        Assert.Equal(JsonValueKind.Object, reply.ValueKind);
        Assert.Equal("phx_reply", reply.GetProperty("event").GetString());
    }

    [Fact]
    public async Task The_x_api_key_header_authenticates_the_upgrade()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("x-api-key", hub.AnonKey);
        await socket.ConnectAsync(new Uri($"ws://{hub.ApiUrl.Authority}/realtime/v1/websocket?vsn=2.0.0"), CancellationToken.None);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    public static TheoryData<string, string> RefusedKeys => new()
    {
        { "", "Missing apikey" },
        { "garbage", "MalformedJWT: The token provided is not a valid JWT" },
        { TestTokens.WrongSignature(), "JwtSignatureError: Failed to validate JWT signature" },
        { TestTokens.Default.ExpiredSecondsAgo(3600), "InvalidJWTToken: Token has expired" },
        { TestTokens.Default.WithoutExp(), "InvalidJWTToken: Fields `role` and `exp` are required in JWT" },
    };

    [Theory, MemberData(nameof(RefusedKeys))]
    public async Task Bad_keys_are_refused_at_the_upgrade_with_401_and_a_json_error_after_the_delay(string key, string expected)
    {
        var watch = Stopwatch.StartNew();
        using var response = await _http.GetAsync(new Uri(hub.ApiUrl, $"/realtime/v1/websocket?vsn=2.0.0&apikey={Uri.EscapeDataString(key)}"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"answered after {watch.Elapsed}");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith(expected, body.GetProperty("error").GetString());

        // A real WebSocket client sees the same status.
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://{hub.ApiUrl.Authority}/realtime/v1/websocket?vsn=2.0.0&apikey={Uri.EscapeDataString(key)}"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Unsupported_vsn_and_plain_requests_are_400()
    {
        using var vsn = await _http.GetAsync(new Uri(hub.ApiUrl, $"/realtime/v1/websocket?vsn=3.0.0&apikey={hub.AnonKey}"));
        Assert.Equal(HttpStatusCode.BadRequest, vsn.StatusCode);
        Assert.Contains("Unsupported vsn", JsonDocument.Parse(await vsn.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        using var plain = await _http.GetAsync(new Uri(hub.ApiUrl, $"/realtime/v1/websocket?vsn=2.0.0&apikey={hub.AnonKey}"));
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains("WebSocket upgrade", JsonDocument.Parse(await plain.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Theory, MemberData(nameof(Vsn.Pairs), MemberType = typeof(Vsn))]
    public async Task Broadcast_with_self_and_ack_between_real_sockets(string senderVsn, string receiverVsn)
    {
        var topic = $"realtime:ws-{senderVsn}-{receiverVsn}-{Guid.NewGuid():N}";
        await using var sender = await hub.ConnectAsync(senderVsn);
        await using var receiver = await hub.ConnectAsync(receiverVsn);
        var joinRef = await sender.JoinOkAsync(topic, self: true, ack: true);
        await receiver.JoinOkAsync(topic);
        await sender.BroadcastAsync(joinRef, "77", topic, "cursor", """{"x":3,"y":4}""");

        var got = await receiver.ReceiveAsync();
        Assert.Equal("""{"type":"broadcast","event":"cursor","payload":{"x":3,"y":4}}""", got.Payload.GetRawText());
        Assert.Equal(senderVsn == Vsn.V2 && receiverVsn == Vsn.V2, got.IsBinary);
        var frames = new[] { await sender.ReceiveAsync(), await sender.ReceiveAsync() };
        Assert.Contains(frames, f => f.Event == "broadcast" && f.Payload.GetProperty("payload").GetProperty("x").GetInt32() == 3);
        Assert.Contains(frames, f => f.Event == "phx_reply" && f.Ref == "77" && f.Status == "ok");
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Presence_across_three_connections_with_joins_and_leaves(string vsn)
    {
        var topic = $"realtime:presence-{Guid.NewGuid():N}";
        await using var a = await hub.ConnectAsync(vsn);
        await using var b = await hub.ConnectAsync(vsn);
        var c = await hub.ConnectAsync(vsn);
        var refs = new[] { await a.JoinOkAsync(topic, presence: true, presenceKey: "a"), await b.JoinOkAsync(topic, presence: true, presenceKey: "b"), await c.JoinOkAsync(topic, presence: true, presenceKey: "c") };
        var clients = new TestClient[] { a, b, c };
        for (var i = 0; i < 3; i++)
        {
            await clients[i].PushAsync(refs[i], "t", topic, "presence", $$$"""{"type":"presence","event":"track","payload":{"n":{{{i}}}}}""");
        }

        foreach (var client in clients)
        {
            var joined = new HashSet<string>();
            while (joined.Count < 3)
            {
                var diff = await client.WaitForAsync(f => f.Event == "presence_diff");
                foreach (var key in diff.Payload.GetProperty("joins").EnumerateObject()) joined.Add(key.Name);
            }
        }

        await c.CloseAsync();
        foreach (var client in new[] { a, b })
        {
            var left = await client.WaitForAsync(f => f.Event == "presence_diff" && f.Payload.GetProperty("leaves").TryGetProperty("c", out _));
            Assert.Equal(2, left.Payload.GetProperty("leaves").GetProperty("c").GetProperty("metas")[0].GetProperty("n").GetInt32());
        }

        await using var late = await hub.ConnectAsync(vsn);
        await late.JoinAsync(topic, presence: true);
        var state = await late.WaitForAsync(f => f.Event == "presence_state");
        Assert.Equal(["a", "b"], state.Payload.EnumerateObject().Select(p => p.Name).Order());
        await c.DisposeAsync();
    }

    [Fact]
    public async Task A_frame_over_5_MB_closes_that_socket_with_1009_and_the_hub_stays_healthy()
    {
        await using var client = await hub.ConnectAsync(Vsn.V2);
        var huge = new byte[5_000_001];
        Array.Fill(huge, (byte)' ');
        try
        {
            await client.SendRawAsync(AgentHub.Protocol.Phoenix.PhoenixFrameType.Text, huge);
        }
        catch (WebSocketException)
        {
            // The server may close before the whole frame is out.
        }

        var (status, _) = await client.Closed.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(status is 1009 or 1006, $"closed with {status}");
        await using var next = await hub.ConnectAsync(Vsn.V2);
        await next.HeartbeatAsync();
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri(hub.ApiUrl, "/health"))).StatusCode);
    }

    [Fact]
    public async Task A_socket_that_stops_reading_is_disconnected_as_a_slow_consumer_and_counted()
    {
        var topic = $"realtime:flood-{Guid.NewGuid():N}";
        var before = hub.Metrics.SlowConsumerDisconnects;
        var stalled = await WebSocketTestClient.ConnectAsync(hub.ApiUrl, Vsn.V2, hub.AnonKey, startReceiving: false);
        await stalled.PushAsync("1", "1", topic, "phx_join", """{"config":{"presence":{"enabled":false}}}""");
        await using var sender = await hub.ConnectAsync(Vsn.V2);
        var senderRef = await sender.JoinOkAsync(topic);
        await Task.Delay(300);

        // 256 KB per message: past the 16 MiB queue bound plus whatever the kernel buffers on loopback.
        var payload = "{\"blob\":\"" + new string('b', 256 * 1024) + "\"}";
        for (var i = 0; i < 400 && hub.Metrics.SlowConsumerDisconnects == before; i++)
        {
            await sender.BroadcastAsync(senderRef, sender.NextRef(), topic, "blob", payload);
        }

        for (var i = 0; i < 100 && hub.Metrics.SlowConsumerDisconnects == before; i++) await Task.Delay(50);
        Assert.True(hub.Metrics.SlowConsumerDisconnects > before, "the stalled socket was not disconnected");

        // The stalled client, once it reads again, finds its connection gone.
        stalled.StartReceiving();
        await stalled.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        await stalled.DisposeAsync();

        await sender.HeartbeatAsync();
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri(hub.ApiUrl, "/health"))).StatusCode);
    }

    [Fact]
    public async Task Counters_follow_connections_and_channels()
    {
        var before = hub.Metrics.Snapshot();
        var client = await hub.ConnectAsync(Vsn.V2);
        await client.JoinOkAsync($"realtime:count-{Guid.NewGuid():N}");
        var during = hub.Metrics.Snapshot();
        Assert.True(during.ConnectionsTotal > before.ConnectionsTotal);
        Assert.True(during.Connections >= 1 && during.Channels >= 1);
        await client.CloseAsync();
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        await client.DisposeAsync();
    }
}
