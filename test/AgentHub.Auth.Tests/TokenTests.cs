using System.Net;
using System.Text;
using System.Text.Json;
using AgentHub.Auth.Keys;
using AgentHub.Auth.Tokens;
using AgentHub.Testing;

namespace AgentHub.Auth.Tests;

/// <summary>POST /token?grant_type=password and the access token it issues.</summary>
public sealed class TokenTests(AuthHubFixture fixture) : IClassFixture<AuthHubFixture>
{
    private AuthHub Hub => fixture.Hub;

    [Fact]
    public async Task Password_sign_in_returns_a_new_session_and_records_the_sign_in()
    {
        var email = AuthHub.NewEmail();
        var signup = await Hub.SignUpAsync(email);
        await Sql.ScalarAsync<object>(Hub.Database, "update auth.users set last_sign_in_at = now() - interval '1 day' where id = $1", signup.UserId);

        var response = await Hub.Client.SignInAsync(email.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["access_token", "token_type", "expires_in", "expires_at", "refresh_token", "user"], SignupTests.Names(response.Json));
        Assert.NotEqual(signup.RefreshToken, response.RefreshToken);
        Assert.Equal(signup.UserId, response.UserId);
        Assert.True(await Sql.ScalarAsync<bool>(Hub.Database, "select last_sign_in_at > now() - interval '1 minute' from auth.users where id = $1", signup.UserId));
        Assert.Equal(2L, await Sql.ScalarAsync<long>(Hub.Database, "select count(*) from auth.sessions where user_id = $1", signup.UserId));
        var lastSignIn = DateTime.Parse(response.Json.GetProperty("user").GetProperty("last_sign_in_at").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.True(DateTime.UtcNow - lastSignIn < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task The_access_token_has_exactly_GoTrues_claims_and_verifies_with_the_project_secret()
    {
        var email = AuthHub.NewEmail();
        var signup = await Hub.SignUpAsync(email, data: new { name = "Claims" });
        var response = await Hub.Client.SignInAsync(email);
        var token = response.AccessToken;

        var parts = token.Split('.');
        Assert.Equal("""{"alg":"HS256","typ":"JWT"}""", Decode(parts[0]).GetRawText());
        var claims = Decode(parts[1]);
        Assert.Equal(
            ["iss", "sub", "aud", "exp", "iat", "email", "phone", "app_metadata", "user_metadata", "role", "aal", "amr", "session_id", "is_anonymous"],
            SignupTests.Names(claims));
        Assert.Equal(new Uri(Hub.Server.ApiUrl, "auth/v1").ToString(), claims.GetProperty("iss").GetString());
        Assert.Equal(signup.UserId.ToString(), claims.GetProperty("sub").GetString());
        Assert.Equal(JsonValueKind.String, claims.GetProperty("aud").ValueKind);
        Assert.Equal("authenticated", claims.GetProperty("aud").GetString());
        Assert.Equal(claims.GetProperty("iat").GetInt64() + 3600, claims.GetProperty("exp").GetInt64());
        Assert.Equal(response.Json.GetProperty("expires_at").GetInt64(), claims.GetProperty("exp").GetInt64());
        Assert.Equal(email, claims.GetProperty("email").GetString());
        Assert.Equal("", claims.GetProperty("phone").GetString());
        Assert.Equal("email", claims.GetProperty("app_metadata").GetProperty("provider").GetString());
        Assert.Equal("Claims", claims.GetProperty("user_metadata").GetProperty("name").GetString());
        Assert.Equal("authenticated", claims.GetProperty("role").GetString());
        Assert.Equal("aal1", claims.GetProperty("aal").GetString());
        var amr = Assert.Single(claims.GetProperty("amr").EnumerateArray());
        Assert.Equal(["method", "timestamp"], SignupTests.Names(amr));
        Assert.Equal("password", amr.GetProperty("method").GetString());
        Assert.InRange(amr.GetProperty("timestamp").GetInt64(), claims.GetProperty("iat").GetInt64() - 5, claims.GetProperty("iat").GetInt64() + 5);
        Assert.False(claims.GetProperty("is_anonymous").GetBoolean());
        var sessionId = Guid.Parse(claims.GetProperty("session_id").GetString()!);
        Assert.Equal(signup.UserId, await Sql.ScalarAsync<Guid>(Hub.Database, "select user_id from auth.sessions where id = $1", sessionId));

        // The secret the hub signs with is the one the data API verifies with.
        var verified = await new TokenVerifier(SecretOf(Hub)).VerifyAsync(token);
        Assert.True(verified.Succeeded, verified.Message);
        Assert.Equal("authenticated", verified.Token!.Role);
        Assert.Equal(signup.UserId.ToString(), verified.Token.Subject);
        Assert.True((await TokenSigner.ValidateAsync(SecretOf(Hub), token)).IsValid);
        Assert.False((await new TokenVerifier(JwtSecret.FromConfiguration(new string('x', 40))).VerifyAsync(token)).Succeeded);
    }

    [Fact]
    public async Task A_password_below_the_policy_still_signs_in_and_is_reported_as_weak()
    {
        var email = AuthHub.NewEmail();
        var created = await Hub.Client.SendAsync(HttpMethod.Post, "/admin/users", new { email, password = "abc", email_confirm = true }, bearer: Hub.ServiceKey);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var response = await Hub.Client.SignInAsync(email, "abc");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("""{"reasons":["length"],"message":"Password should be at least 6 characters."}""", response.Json.GetProperty("weak_password").GetRawText());
    }

    [Fact]
    public async Task A_user_seeded_with_SQL_and_pgcrypto_like_a_Supabase_seed_file_signs_in()
    {
        // The common seed.sql pattern: insert into auth.users with crypt(), mixed-case email, NULL extras.
        var id = Guid.NewGuid();
        var email = $"Seeded-{id:N}@Example.com";
        await Sql.ScalarAsync<object>(Hub.Database, """
            insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
            values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, crypt('seeded-pass', gen_salt('bf')), now(),
                    '{"provider":"email","providers":["email"]}', '{"name":"Seed"}', now(), now())
            """, id, email);

        var response = await Hub.Client.SignInAsync(email.ToLowerInvariant(), "seeded-pass");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(id, response.UserId);
        Assert.Empty(response.Json.GetProperty("user").GetProperty("identities").EnumerateArray());
        Assert.Equal("Seed", TokenTests.Decode(response.AccessToken.Split('.')[1]).GetProperty("user_metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_are_the_same_invalid_credentials()
    {
        var email = AuthHub.NewEmail();
        await Hub.SignUpAsync(email);
        var wrong = await Hub.Client.SignInAsync(email, "wrong-pass");
        var unknown = await Hub.Client.SignInAsync(AuthHub.NewEmail());
        foreach (var response in new[] { wrong, unknown })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal("""{"code":"invalid_credentials","message":"Invalid login credentials"}""", response.Text);
        }
    }

    [Fact]
    public async Task An_unconfirmed_email_cannot_sign_in()
    {
        var email = AuthHub.NewEmail();
        var created = await Hub.Client.SendAsync(HttpMethod.Post, "/admin/users", new { email, password = "s3cret-pass" }, bearer: Hub.ServiceKey);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var response = await Hub.Client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(("email_not_confirmed", "Email not confirmed"), response.Error);
    }

    [Fact]
    public async Task A_banned_user_cannot_sign_in_until_unbanned()
    {
        var email = AuthHub.NewEmail();
        var id = (await Hub.SignUpAsync(email)).UserId;
        var ban = await Hub.Client.SendAsync(HttpMethod.Put, $"/admin/users/{id}", new { ban_duration = "24h" }, bearer: Hub.ServiceKey);
        Assert.Equal(HttpStatusCode.OK, ban.Status);
        Assert.True(ban.Json.TryGetProperty("banned_until", out _));

        var refused = await Hub.Client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(("user_banned", "User is banned"), refused.Error);

        await Hub.Client.SendAsync(HttpMethod.Put, $"/admin/users/{id}", new { ban_duration = "none" }, bearer: Hub.ServiceKey);
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.SignInAsync(email)).Status);
    }

    public static TheoryData<string, string, string, int, string, string> InvalidGrants => new()
    {
        { "unknown grant", "client_credentials", """{}""", 400, "invalid_credentials", "unsupported_grant_type" },
        { "no grant", "", """{}""", 400, "invalid_credentials", "unsupported_grant_type" },
        { "no email", "password", """{"password":"s3cret-pass"}""", 400, "validation_failed", "missing email or phone" },
        { "email and phone", "password", """{"email":"a@example.com","phone":"15551234567","password":"x"}""", 400, "validation_failed", "Only an email address or phone number should be provided on login." },
        { "phone", "password", """{"phone":"15551234567","password":"x"}""", 422, "phone_provider_disabled", "Phone logins are disabled" },
        { "malformed refresh token", "refresh_token", """{"refresh_token":"short"}""", 400, "validation_failed", "Refresh token is not valid" },
        { "unknown refresh token", "refresh_token", """{"refresh_token":"abcdefghijklmnopqrstuvwxyz012345"}""", 400, "refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found" },
        { "not JSON", "password", """email=a""", 400, "bad_json", "Could not parse request body as JSON: " },
    };

    [Theory]
    [MemberData(nameof(InvalidGrants))]
    public async Task Invalid_token_requests_are_refused_with_GoTrues_code(string scenario, string grant, string body, int status, string code, string message)
    {
        var response = await Hub.Client.SendAsync(HttpMethod.Post, "/token?grant_type=" + grant, body);
        Assert.True((int)response.Status == status, $"{scenario}: {response}");
        Assert.Equal(code, response.Error.Code);
        Assert.StartsWith(message, response.Error.Message);
    }

    [Fact]
    public async Task A_refresh_without_a_token_is_an_oauth_invalid_request()
    {
        var response = await Hub.Client.SendAsync(HttpMethod.Post, "/token?grant_type=refresh_token", new { });
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("""{"error":"invalid_request","error_description":"refresh_token required"}""", response.Text);
    }

    internal static JsonElement Decode(string segment) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(segment))).RootElement;

    internal static JwtSecret SecretOf(AuthHub hub) =>
        JwtSecret.FromConfiguration(File.ReadAllText(Path.Combine(hub.DataDir, JwtSecret.FileName)).Trim());
}
