using System.Net;

namespace AgentHub.Auth.Tests;

/// <summary>The API key gate in front of the auth API, as Supabase's gateway answers.</summary>
public sealed class GatewayTests(AuthHubFixture fixture) : IClassFixture<AuthHubFixture>
{
    private AuthClient Client => fixture.Hub.Client;

    [Fact]
    public async Task A_request_without_apikey_is_refused_with_the_gateway_body()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/settings", apiKey: AuthClient.None);
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("""{"message":"No API key found in request"}""", response.Text);
    }

    [Fact]
    public async Task A_request_with_an_unknown_apikey_is_refused()
    {
        var response = await Client.SendAsync(HttpMethod.Post, "/signup", new { email = AuthHub.NewEmail(), password = "s3cret-pass" }, apiKey: "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("Invalid API key", response.Json.GetProperty("message").GetString());
        var count = await Testing.Sql.ScalarAsync<long>(fixture.Hub.Database, "select count(*) from auth.users");
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task A_token_signed_with_the_secret_is_not_an_api_key_unless_it_is_one_of_the_keys()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/settings", apiKey: fixture.Hub.AnonKey + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }

    [Fact]
    public async Task The_apikey_may_come_in_the_query_string_and_the_service_key_works_too()
    {
        var query = await Client.SendAsync(HttpMethod.Get, "/settings?apikey=" + fixture.Hub.AnonKey, apiKey: AuthClient.None);
        Assert.Equal(HttpStatusCode.OK, query.Status);
        var service = await Client.SendAsync(HttpMethod.Get, "/settings", apiKey: fixture.Hub.ServiceKey);
        Assert.Equal(HttpStatusCode.OK, service.Status);
    }

    [Fact]
    public async Task The_jwks_document_is_public_and_empty_for_hs256()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/.well-known/jwks.json", apiKey: AuthClient.None, bearer: AuthClient.None);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("""{"keys":[]}""", response.Text);
    }

    [Fact]
    public async Task Settings_describe_the_email_provider_and_auto_confirm()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/settings");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var json = response.Json;
        Assert.True(json.GetProperty("external").GetProperty("email").GetBoolean());
        Assert.False(json.GetProperty("external").GetProperty("phone").GetBoolean());
        Assert.False(json.GetProperty("external").GetProperty("anonymous_users").GetBoolean());
        Assert.False(json.GetProperty("external").GetProperty("github").GetBoolean());
        Assert.False(json.GetProperty("disable_signup").GetBoolean());
        Assert.True(json.GetProperty("mailer_autoconfirm").GetBoolean());
        Assert.False(json.GetProperty("phone_autoconfirm").GetBoolean());
        Assert.Equal("", json.GetProperty("sms_provider").GetString());
        Assert.False(json.GetProperty("saml_enabled").GetBoolean());
    }

    [Fact]
    public async Task Health_answers_like_GoTrue()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/health");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("GoTrue", response.Json.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Cors_preflight_passes_without_a_key()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, Client.Url("/token?grant_type=password"));
        request.Headers.Add("Origin", "http://localhost:3000");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "apikey,authorization,content-type,x-client-info,x-supabase-api-version");
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
