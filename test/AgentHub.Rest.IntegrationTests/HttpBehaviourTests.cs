using System.Net;
using AgentHub.Auth.Keys;
using AgentHub.Auth.Tokens;
using AgentHub.Rest.Execution;
using AgentHub.Rest.Http;
using AgentHub.Rest.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AgentHub.Rest.IntegrationTests;

/// <summary>HTTP details around the data API: CORS, OPTIONS, header joining, the root, and 503 before the schema cache loads.</summary>
public sealed class HttpBehaviourTests(NotesFixture fixture) : IClassFixture<NotesFixture>
{
    [Fact]
    public async Task A_CORS_preflight_is_answered_with_the_exposed_headers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "notes");
        request.Headers.Add("Origin", "https://app.example");
        request.Headers.Add("Access-Control-Request-Method", "PATCH");
        request.Headers.Add("Access-Control-Request-Headers", "apikey, authorization, content-type, prefer, accept-profile, x-client-info");
        using var response = await fixture.Hub.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var get = new HttpRequestMessage(HttpMethod.Get, "notes");
        get.Headers.Add("Origin", "https://app.example");
        get.Headers.Add("apikey", fixture.Hub.Keys.Anon);
        using var actual = await fixture.Hub.Http.SendAsync(get);
        Assert.Contains("Content-Range", string.Join(",", actual.Headers.GetValues("Access-Control-Expose-Headers")));
    }

    [Fact]
    public async Task A_plain_OPTIONS_lists_the_methods()
    {
        using var response = await fixture.Hub.Http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "notes"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("PATCH", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task An_unsupported_method_is_answered_by_the_data_API_not_by_routing()
    {
        // /rest/v1 is served ahead of endpoint routing: every method reaches the data API, which
        // answers in PostgREST's shape; paths beside it still go through routing.
        using var request = new HttpRequestMessage(new HttpMethod("TRACE"), "notes");
        request.Headers.Add("apikey", fixture.Hub.Keys.Anon);
        using var response = await fixture.Hub.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("\"code\":\"PGRST117\"", await response.Content.ReadAsStringAsync());

        using var beside = await fixture.Hub.Http.GetAsync(new Uri(fixture.Hub.Http.BaseAddress!, "/rest/v10/notes"));
        Assert.Equal(HttpStatusCode.NotFound, beside.StatusCode);
        using var health = await fixture.Hub.Http.GetAsync(new Uri(fixture.Hub.Http.BaseAddress!, "/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_body_that_arrives_in_pieces_is_read_whole()
    {
        // The body is read from Kestrel's pipe until it is complete; sent in three writes with pauses,
        // it must still be one JSON document, inserted once.
        var api = fixture.Hub.Http.BaseAddress!;
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(api.Host, api.Port);
        var body = System.Text.Encoding.UTF8.GetBytes("""{"body":"sent in pieces, """ + new string('x', 3000) + "\"}");
        var head = System.Text.Encoding.ASCII.GetBytes(
            $"POST /rest/v1/notes HTTP/1.1\r\nHost: {api.Authority}\r\napikey: {fixture.Hub.Keys.Anon}\r\n"
            + $"Authorization: Bearer {RestHub.UserToken(ScenarioRunner.Alice)}\r\nContent-Type: application/json\r\n"
            + $"Prefer: return=minimal\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await socket.SendAsync(head);
        await socket.SendAsync(body.AsMemory(0, 10));
        await Task.Delay(100);
        await socket.SendAsync(body.AsMemory(10, 1500));
        await Task.Delay(100);
        await socket.SendAsync(body.AsMemory(1510));

        var answer = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0) answer.Write(buffer, 0, read);
        Assert.StartsWith("HTTP/1.1 201", System.Text.Encoding.ASCII.GetString(answer.ToArray()));
        var stored = await fixture.Hub.SendAsync("GET", "notes?select=body&body=like.sent in pieces*", token: RestHub.UserToken(ScenarioRunner.Alice));
        Assert.Equal(200, stored.Status);
        Assert.Contains(new string('x', 3000), stored.Body);
    }

    [Fact]
    public async Task Several_Prefer_headers_are_one_list()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "notes?select=body");
        request.Headers.Add("apikey", fixture.Hub.Keys.Anon);
        request.Headers.Add("Authorization", "bearer " + RestHub.UserToken(ScenarioRunner.Alice));
        request.Headers.Add("Prefer", "return=representation");
        request.Headers.Add("Prefer", "count=exact");
        request.Content = new StringContent("""{"body":"two prefers"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Hub.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("*/1", response.Content.Headers.GetValues("Content-Range").Single());
        Assert.Equal("""[{"body":"two prefers"}]""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_root_is_404_PGRST126()
    {
        var response = await fixture.Hub.SendAsync("GET", "");
        Assert.Equal(404, response.Status);
        Assert.Contains("PGRST126", response.Body);
    }

    [Fact]
    public async Task Before_the_schema_cache_loads_requests_get_503_PGRST002_with_Retry_After()
    {
        var secret = JwtSecret.FromConfiguration(RestHub.Secret);
        var keys = new ApiKeys(secret);
        await using var dataSource = NpgsqlDataSource.Create(fixture.Hub.Database.ConnectionString());
        var handler = new RestHandler(RestOptions.Default, new RequestAuthenticator(keys, new TokenVerifier(secret)), new SchemaCache(),
            new StatementExecutor(dataSource), NullLogger<RestHandler>.Instance);
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = "/rest/v1/notes";
        http.Request.Headers["apikey"] = keys.Anon;
        http.Response.Body = new MemoryStream();

        await handler.HandleAsync(http);
        // What the server does when the request ends: the handler writes into the body pipe unflushed.
        await http.Response.BodyWriter.FlushAsync();

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        Assert.Contains("PGRST002", await new StreamReader(http.Response.Body).ReadToEndAsync());
    }
}
