using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentHub.Realtime.Tests.Support;

namespace AgentHub.Realtime.Tests.Integration;

/// <summary>The broadcast HTTP endpoints (docs/realtime-protocol.md 4.4) against a real hub.</summary>
public sealed class BroadcastApiTests(HubFixture hub) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    private static string Name() => "api-" + Guid.NewGuid().ToString("N")[..12];

    private HttpRequestMessage Post(string path, string? body, string contentType = "application/json", string? bearer = null, string? apikey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub.ApiUrl, path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        request.Headers.Add("apikey", apikey ?? hub.AnonKey);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return request;
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task The_batch_endpoint_delivers_text_broadcasts_and_answers_202(string vsn)
    {
        var name = Name();
        await using var client = await hub.ConnectAsync(vsn);
        await client.JoinOkAsync("realtime:" + name);
        using var response = await _http.SendAsync(Post("/realtime/v1/api/broadcast?apikey=ignored&vsn=2.0.0", $$$"""
            {"messages":[{"topic":"{{{name}}}","event":"cursor","payload":{"x":1},"private":false},
                         {"topic":"{{{name}}}","event":"tagged","payload":{},"id":"7f0c"},
                         {"topic":"someone-else","event":"x","payload":{}}]}
            """));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var first = await client.ReceiveAsync();
        Assert.False(first.IsBinary);
        Assert.Equal((string?)null, first.JoinRef);
        Assert.Equal("""{"type":"broadcast","event":"cursor","payload":{"x":1}}""", first.Payload.GetRawText());
        var second = await client.ReceiveAsync();
        Assert.Equal("""{"type":"broadcast","event":"tagged","payload":{},"meta":{"id":"7f0c"}}""", second.Payload.GetRawText());
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task The_single_endpoint_delivers_a_user_broadcast_binary_for_2_0_0_and_text_for_1_0_0(string vsn)
    {
        var name = Name();
        await using var client = await hub.ConnectAsync(vsn);
        await client.JoinOkAsync("realtime:" + name);
        using var response = await _http.SendAsync(Post($"/realtime/v1/api/broadcast/{Uri.EscapeDataString(name)}/events/{Uri.EscapeDataString("new message")}?apikey=x&vsn=2.0.0", """{"text":"hi"}""", bearer: hub.AnonKey));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var frame = await client.ReceiveAsync();
        Assert.Equal(vsn == Vsn.V2, frame.IsBinary);
        Assert.Equal("""{"type":"broadcast","event":"new message","payload":{"text":"hi"}}""", frame.Payload.GetRawText());
    }

    [Fact]
    public async Task Binary_bodies_reach_vsn_2_clients_raw_and_skip_vsn_1()
    {
        var name = Name();
        await using var v2 = await hub.ConnectAsync(Vsn.V2);
        await using var v1 = await hub.ConnectAsync(Vsn.V1);
        await v2.JoinOkAsync("realtime:" + name);
        await v1.JoinOkAsync("realtime:" + name);
        var request = Post($"/realtime/v1/api/broadcast/{name}/events/bytes", null);
        request.Content = new ByteArrayContent([1, 2, 3, 0, 255]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(new byte[] { 1, 2, 3, 0, 255 }, (await v2.ReceiveAsync()).BinaryPayload);
        await v1.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_401()
    {
        using var batch = await _http.SendAsync(Post("/realtime/v1/api/broadcast", """{"messages":[{"topic":"t","event":"e","payload":{}}]}""", apikey: "nope"));
        Assert.Equal(HttpStatusCode.Unauthorized, batch.StatusCode);
        Assert.Equal("""{"message":"Unauthorized"}""", await batch.Content.ReadAsStringAsync());

        using var single = await _http.SendAsync(Post("/realtime/v1/api/broadcast/t/events/e", "{}", bearer: TestTokens.Default.ExpiredSecondsAgo(100)));
        Assert.Equal(HttpStatusCode.Unauthorized, single.StatusCode);
        Assert.Equal("Unauthorized", JsonDocument.Parse(await single.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("{}", "messages: can't be blank")]
    [InlineData("""{"messages":[]}""", "messages: can't be blank")]
    [InlineData("""{"messages":[{"event":"e","payload":{}}]}""", "messages[0].topic: can't be blank")]
    [InlineData("""{"messages":[{"topic":"t","payload":{}}]}""", "messages[0].event: can't be blank")]
    [InlineData("""{"messages":[{"topic":"t","event":"e","payload":3}]}""", "messages[0].payload: must be an object")]
    [InlineData("not json", "body: is not valid JSON")]
    public async Task Invalid_batches_are_422_with_field_errors(string body, string expected)
    {
        using var response = await _http.SendAsync(Post("/realtime/v1/api/broadcast", body));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("messages");
        Assert.Contains(expected, errors.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Oversized_payloads_are_422_and_unsupported_media_types_415()
    {
        var big = "{\"blob\":\"" + new string('x', RealtimeLimits.MaxPayloadBytes) + "\"}";
        using var single = await _http.SendAsync(Post("/realtime/v1/api/broadcast/t/events/e", big));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, single.StatusCode);
        Assert.Contains("Payload size exceeded", JsonDocument.Parse(await single.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        using var batch = await _http.SendAsync(Post("/realtime/v1/api/broadcast", $$"""{"messages":[{"topic":"t","event":"e","payload":{{big}}}]}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, batch.StatusCode);

        using var media = await _http.SendAsync(Post("/realtime/v1/api/broadcast/t/events/e", "hello", contentType: "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, media.StatusCode);
        Assert.StartsWith("Unsupported Media Type", JsonDocument.Parse(await media.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        using var invalid = await _http.SendAsync(Post("/realtime/v1/api/broadcast/t/events/e", "{oops"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
    }

    [Theory, MemberData(nameof(Vsn.All), MemberType = typeof(Vsn))]
    public async Task Private_topics_need_the_write_policy(string vsn)
    {
        var room = Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var member = hub.Tokens.User("m", appMetadata: new { rooms = new[] { room } });
        var outsider = hub.Tokens.User("o");
        await using var listener = await hub.ConnectAsync(vsn, member);
        await listener.JoinOkAsync($"realtime:room:{room}", isPrivate: true);

        using var denied = await _http.SendAsync(Post($"/realtime/v1/api/broadcast/room:{room}/events/e?private=true", """{"n":0}""", bearer: outsider));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains($"room:{room}", JsonDocument.Parse(await denied.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        using var skipped = await _http.SendAsync(Post("/realtime/v1/api/broadcast", $$"""{"messages":[{"topic":"room:{{room}}","event":"e","payload":{"n":1},"private":true}]}""", bearer: outsider));
        Assert.Equal(HttpStatusCode.Accepted, skipped.StatusCode);
        await listener.ExpectSilenceAsync(TimeSpan.FromMilliseconds(300));

        using var single = await _http.SendAsync(Post($"/realtime/v1/api/broadcast/room:{room}/events/e?private=true", """{"n":2}""", bearer: member));
        Assert.Equal(HttpStatusCode.Accepted, single.StatusCode);
        Assert.Equal(2, (await listener.ReceiveAsync()).Payload.GetProperty("payload").GetProperty("n").GetInt32());

        using var batch = await _http.SendAsync(Post("/realtime/v1/api/broadcast", $$"""{"messages":[{"topic":"room:{{room}}","event":"e","payload":{"n":3},"private":true}]}""", bearer: member));
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        Assert.Equal(3, (await listener.ReceiveAsync()).Payload.GetProperty("payload").GetProperty("n").GetInt32());
    }
}
