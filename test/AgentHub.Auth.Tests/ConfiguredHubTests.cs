using System.Net;
using AgentHub.Testing;

namespace AgentHub.Auth.Tests;

/// <summary>Hubs started with GoTrue settings other than the defaults (GOTRUE_* environment variables).</summary>
[Collection(ConfiguredHubCollection.Name)]
public sealed class ConfiguredHubTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Without_auto_confirm_sign_up_returns_the_user_only_and_sign_in_waits_for_confirmation()
    {
        await using var hub = await AuthHub.StartAsync(postgres, "confirm", new Dictionary<string, string> { ["GOTRUE_MAILER_AUTOCONFIRM"] = "false" });
        var email = AuthHub.NewEmail();

        var signup = await hub.Client.SignUpAsync(email, data: new { name = "Pending" });
        Assert.Equal(HttpStatusCode.OK, signup.Status);
        var user = signup.Json;
        Assert.False(user.TryGetProperty("access_token", out _));
        Assert.True(user.TryGetProperty("confirmation_sent_at", out _));
        Assert.False(user.TryGetProperty("email_confirmed_at", out _));
        Assert.False(user.GetProperty("user_metadata").GetProperty("email_verified").GetBoolean());
        Assert.Single(user.GetProperty("identities").EnumerateArray());
        Assert.Equal(0L, await Sql.ScalarAsync<long>(hub.Database, "select count(*) from auth.sessions"));

        var early = await hub.Client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.BadRequest, early.Status);
        Assert.Equal(("email_not_confirmed", "Email not confirmed"), early.Error);

        // A second sign-up does not reveal that the address is registered: a made-up user, no identities.
        var again = await hub.Client.SignUpAsync(email, "other-pass");
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.NotEqual(signup.UserId, again.UserId);
        Assert.Empty(again.Json.GetProperty("identities").EnumerateArray());
        Assert.Equal(1L, await Sql.ScalarAsync<long>(hub.Database, "select count(*) from auth.users"));

        var settings = await hub.Client.SendAsync(HttpMethod.Get, "/settings");
        Assert.False(settings.Json.GetProperty("mailer_autoconfirm").GetBoolean());

        // The hub sends no mail; an admin confirms.
        await hub.Client.SendAsync(HttpMethod.Put, $"/admin/users/{signup.UserId}", new { email_confirm = true }, bearer: hub.ServiceKey);
        var session = await hub.Client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, session.Status);

        // An email change waits for confirmation too: the address stays, the new one is pending.
        var moved = AuthHub.NewEmail("moved");
        var change = await hub.Client.SendAsync(HttpMethod.Put, "/user", new { email = moved }, bearer: session.AccessToken);
        Assert.Equal(HttpStatusCode.OK, change.Status);
        Assert.Equal(email, change.Json.GetProperty("email").GetString());
        Assert.Equal(moved, change.Json.GetProperty("new_email").GetString());
        Assert.True(change.Json.TryGetProperty("email_change_sent_at", out _));
    }

    [Fact]
    public async Task Token_requests_beyond_the_limit_get_GoTrues_429()
    {
        await using var hub = await AuthHub.StartAsync(postgres, "ratelimit", new Dictionary<string, string> { ["GOTRUE_RATE_LIMIT_TOKEN_REFRESH"] = "3" });
        var email = AuthHub.NewEmail();
        await hub.SignUpAsync(email);

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await hub.Client.SignInAsync(email)).Status);
        var limited = await hub.Client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("""{"code":"over_request_rate_limit","message":"Request rate limit reached"}""", limited.Text);
        Assert.Equal("over_request_rate_limit", limited.Header("x-sb-error-code"));
        Assert.NotNull(limited.Header("Retry-After"));

        // Refresh shares the /token limit; other endpoints are not limited.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await hub.Client.RefreshAsync("abcdefghijklmnopqrstuvwxyz012345")).Status);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.SignUpAsync(AuthHub.NewEmail())).Status);

        var legacy = await hub.Client.SendAsync(HttpMethod.Post, "/token?grant_type=password", new { email, password = "s3cret-pass" }, versioned: false);
        Assert.Equal("""{"code":429,"error_code":"over_request_rate_limit","msg":"Request rate limit reached"}""", legacy.Text);
    }

    [Fact]
    public async Task Disabled_sign_ups_are_422_signup_disabled()
    {
        await using var hub = await AuthHub.StartAsync(postgres, "nosignup", new Dictionary<string, string> { ["GOTRUE_DISABLE_SIGNUP"] = "true" });
        var response = await hub.Client.SignUpAsync(AuthHub.NewEmail());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(("signup_disabled", "Signups not allowed for this instance"), response.Error);
        // Admins still create users.
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.SendAsync(HttpMethod.Post, "/admin/users", new { email = AuthHub.NewEmail() }, bearer: hub.ServiceKey)).Status);
    }

    [Fact]
    public async Task Anonymous_sign_ins_and_token_lifetime_follow_their_settings()
    {
        await using var hub = await AuthHub.StartAsync(postgres, "anonymous", new Dictionary<string, string>
        {
            ["GOTRUE_EXTERNAL_ANONYMOUS_USERS_ENABLED"] = "true",
            ["GOTRUE_JWT_EXP"] = "600",
        });
        var response = await hub.Client.SendAsync(HttpMethod.Post, "/signup", new { data = new { agent = "scout" }, gotrue_meta_security = new { } });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(600, response.Json.GetProperty("expires_in").GetInt32());
        var user = response.Json.GetProperty("user");
        Assert.True(user.GetProperty("is_anonymous").GetBoolean());
        Assert.Equal("", user.GetProperty("email").GetString());
        Assert.Equal("anonymous", user.GetProperty("app_metadata").GetProperty("provider").GetString());
        Assert.Equal("scout", user.GetProperty("user_metadata").GetProperty("agent").GetString());
        var claims = TokenTests.Decode(response.AccessToken.Split('.')[1]);
        Assert.True(claims.GetProperty("is_anonymous").GetBoolean());
        Assert.Equal("anonymous", claims.GetProperty("amr")[0].GetProperty("method").GetString());
        Assert.Equal(claims.GetProperty("iat").GetInt64() + 600, claims.GetProperty("exp").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.RefreshAsync(response.RefreshToken)).Status);
    }
}
