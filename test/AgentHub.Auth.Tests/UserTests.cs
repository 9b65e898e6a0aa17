using System.Net;
using System.Text;
using System.Text.Json;
using AgentHub.Auth.Keys;
using AgentHub.Testing;

namespace AgentHub.Auth.Tests;

/// <summary>GET /user and PUT /user with an access token.</summary>
public sealed class UserTests(AuthHubFixture fixture) : IClassFixture<AuthHubFixture>
{
    private AuthHub Hub => fixture.Hub;

    [Fact]
    public async Task Get_user_returns_the_bare_user_object()
    {
        var signup = await Hub.SignUpAsync(data: new { name = "Bare" });
        var response = await Hub.Client.GetUserAsync(signup.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(signup.UserId.ToString(), response.Json.GetProperty("id").GetString());
        Assert.Equal("Bare", response.Json.GetProperty("user_metadata").GetProperty("name").GetString());
        Assert.Equal(signup.Json.GetProperty("user").GetRawText(), response.Text);
    }

    public static TheoryData<string, string?, int, string, string> BadCallers => new()
    {
        { "no Authorization header", null, 401, "no_authorization", "This endpoint requires a valid Bearer token" },
        { "not a bearer", "Basic abc", 401, "no_authorization", "This endpoint requires a valid Bearer token" },
        { "not a JWT", "Bearer abc", 403, "bad_jwt", "invalid JWT: unable to parse or verify signature, token is malformed" },
        { "the anon key", "anon", 403, "bad_jwt", "invalid claim: missing sub claim" },
        { "the service key", "service", 403, "bad_jwt", "invalid claim: missing sub claim" },
    };

    [Theory]
    [MemberData(nameof(BadCallers))]
    public async Task Callers_without_a_user_token_are_refused(string scenario, string? authorization, int status, string code, string message)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Hub.Client.Url("/user"));
        request.Headers.Add("apikey", Hub.AnonKey);
        request.Headers.Add("X-Supabase-Api-Version", AuthClient.ApiVersion);
        authorization = authorization switch { "anon" => "Bearer " + Hub.AnonKey, "service" => "Bearer " + Hub.ServiceKey, _ => authorization };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True((int)response.StatusCode == status, scenario);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.StartsWith(message, body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_token_with_a_wrong_signature_or_expired_is_bad_jwt()
    {
        var signup = await Hub.SignUpAsync();
        var parts = signup.AccessToken.Split('.');
        var forged = await Hub.Client.GetUserAsync(parts[0] + "." + parts[1] + "." + parts[2][..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Forbidden, forged.Status);
        Assert.Equal(("bad_jwt", "invalid JWT: unable to parse or verify signature, token signature is invalid: signature is invalid"), forged.Error);

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var expired = Sign(new { sub = signup.UserId.ToString(), role = "authenticated", iat = now - 7200, exp = now - 3600 });
        var response = await Hub.Client.GetUserAsync(expired);
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal(("bad_jwt", "invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired"), response.Error);
    }

    [Fact]
    public async Task A_deleted_user_and_a_signed_out_session_are_refused()
    {
        var signup = await Hub.SignUpAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Hub.Client.LogoutAsync(signup.AccessToken, "local")).Status);
        var signedOut = await Hub.Client.GetUserAsync(signup.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, signedOut.Status);
        Assert.Equal(("session_not_found", "Session from session_id claim in JWT does not exist"), signedOut.Error);

        var ghost = Sign(new { sub = Guid.NewGuid().ToString(), role = "authenticated", exp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60 });
        var missing = await Hub.Client.GetUserAsync(ghost);
        Assert.Equal(HttpStatusCode.Forbidden, missing.Status);
        Assert.Equal(("user_not_found", "User from sub claim in JWT does not exist"), missing.Error);
    }

    [Fact]
    public async Task A_token_without_session_id_is_accepted_for_an_existing_user()
    {
        // Tokens minted by other means (tests, server code) carry no session; GoTrue accepts them.
        var signup = await Hub.SignUpAsync();
        var token = Sign(new { sub = signup.UserId.ToString(), role = "authenticated", exp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 60 });
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.GetUserAsync(token)).Status);
    }

    [Fact]
    public async Task Updating_data_merges_into_user_metadata_and_null_removes_a_key()
    {
        var signup = await Hub.SignUpAsync(data: new { name = "Merge", plan = "free" });
        var response = await Hub.Client.SendAsync(HttpMethod.Put, "/user",
            """{"data":{"theme":"dark","plan":null},"code_challenge":null,"code_challenge_method":null}""", bearer: signup.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var metadata = response.Json.GetProperty("user_metadata");
        Assert.Equal("dark", metadata.GetProperty("theme").GetString());
        Assert.Equal("Merge", metadata.GetProperty("name").GetString());
        Assert.False(metadata.TryGetProperty("plan", out _));
        Assert.Equal(signup.UserId.ToString(), metadata.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task App_metadata_is_for_admins_only()
    {
        var signup = await Hub.SignUpAsync();
        var response = await Hub.Client.SendAsync(HttpMethod.Put, "/user", new { app_metadata = new { plan = "pro" } }, bearer: signup.AccessToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal(("not_admin", "Updating app_metadata requires admin privileges"), response.Error);
        Assert.Null(await Sql.ScalarAsync<string>(Hub.Database, "select raw_app_meta_data ->> 'plan' from auth.users where id = $1", signup.UserId));
    }

    [Fact]
    public async Task A_new_password_must_differ_and_be_strong()
    {
        var signup = await Hub.SignUpAsync(password: "first-pass");
        var same = await Hub.Client.SendAsync(HttpMethod.Put, "/user", new { password = "first-pass" }, bearer: signup.AccessToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, same.Status);
        Assert.Equal(("same_password", "New password should be different from the old password."), same.Error);

        var weak = await Hub.Client.SendAsync(HttpMethod.Put, "/user", new { password = "abc" }, bearer: signup.AccessToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, weak.Status);
        Assert.Equal("weak_password", weak.Error.Code);
        Assert.Equal("""["length"]""", weak.Json.GetProperty("weak_password").GetProperty("reasons").GetRawText());
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_and_ends_the_others()
    {
        var email = AuthHub.NewEmail();
        var mine = await Hub.SignUpAsync(email, "first-pass");
        var other = await Hub.Client.SignInAsync(email, "first-pass");

        var response = await Hub.Client.SendAsync(HttpMethod.Put, "/user", new { password = "second-pass" }, bearer: mine.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.Status);

        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.GetUserAsync(mine.AccessToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.RefreshAsync(mine.RefreshToken)).Status);
        Assert.Equal("session_not_found", (await Hub.Client.GetUserAsync(other.AccessToken)).Error.Code);
        Assert.Equal("refresh_token_not_found", (await Hub.Client.RefreshAsync(other.RefreshToken)).Error.Code);
        Assert.Equal(HttpStatusCode.BadRequest, (await Hub.Client.SignInAsync(email, "first-pass")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.SignInAsync(email, "second-pass")).Status);
    }

    [Fact]
    public async Task Changing_the_email_applies_at_once_with_auto_confirm_and_refuses_a_taken_one()
    {
        var taken = AuthHub.NewEmail("taken");
        await Hub.SignUpAsync(taken);
        var signup = await Hub.SignUpAsync();

        var conflict = await Hub.Client.SendAsync(HttpMethod.Put, "/user", new { email = taken.ToUpperInvariant() }, bearer: signup.AccessToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.Status);
        Assert.Equal(("email_exists", "A user with this email address has already been registered"), conflict.Error);

        var fresh = AuthHub.NewEmail("moved");
        var response = await Hub.Client.SendAsync(HttpMethod.Put, "/user", new { email = fresh }, bearer: signup.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(fresh, response.Json.GetProperty("email").GetString());
        Assert.Equal(fresh, response.Json.GetProperty("identities")[0].GetProperty("identity_data").GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.SignInAsync(fresh)).Status);
    }

    private string Sign(object claims) => TokenSigner.Sign(TokenTests.SecretOf(Hub), JsonSerializer.Serialize(claims));
}
