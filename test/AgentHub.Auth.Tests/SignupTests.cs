using System.Net;
using System.Text.Json;
using AgentHub.Testing;

namespace AgentHub.Auth.Tests;

/// <summary>POST /signup with the hub's defaults (auto-confirm on).</summary>
public sealed class SignupTests(AuthHubFixture fixture) : IClassFixture<AuthHubFixture>
{
    private AuthHub Hub => fixture.Hub;

    [Fact]
    public async Task Sign_up_returns_a_session_with_a_confirmed_user_in_GoTrue_shape()
    {
        var email = AuthHub.NewEmail("Ada");
        var response = await Hub.Client.SignUpAsync(email.ToUpperInvariant(), data: new { name = "Ada" });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.Header("Content-Type"));
        var json = response.Json;
        Assert.Equal(["access_token", "token_type", "expires_in", "expires_at", "refresh_token", "user"], Names(json));
        Assert.Equal("bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(3600, json.GetProperty("expires_in").GetInt32());
        Assert.InRange(json.GetProperty("expires_at").GetInt64() - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3590, 3610);
        Assert.Equal(32, json.GetProperty("refresh_token").GetString()!.Length);

        var user = json.GetProperty("user");
        var id = user.GetProperty("id").GetString()!;
        Assert.Equal(
            ["id", "aud", "role", "email", "email_confirmed_at", "phone", "confirmed_at", "last_sign_in_at", "app_metadata", "user_metadata", "identities", "created_at", "updated_at", "is_anonymous"],
            Names(user));
        Assert.Equal("authenticated", user.GetProperty("aud").GetString());
        Assert.Equal("authenticated", user.GetProperty("role").GetString());
        Assert.Equal(email.ToLowerInvariant(), user.GetProperty("email").GetString());
        Assert.Equal("", user.GetProperty("phone").GetString());
        Assert.False(user.GetProperty("is_anonymous").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$", user.GetProperty("created_at").GetString()!);
        Assert.Equal(user.GetProperty("email_confirmed_at").GetString(), user.GetProperty("confirmed_at").GetString());
        Assert.Equal("""{"provider":"email","providers":["email"]}""", user.GetProperty("app_metadata").GetRawText().Replace(" ", ""));

        var metadata = user.GetProperty("user_metadata");
        Assert.Equal("Ada", metadata.GetProperty("name").GetString());
        Assert.Equal(id, metadata.GetProperty("sub").GetString());
        Assert.Equal(email.ToLowerInvariant(), metadata.GetProperty("email").GetString());
        Assert.True(metadata.GetProperty("email_verified").GetBoolean());
        Assert.False(metadata.GetProperty("phone_verified").GetBoolean());

        var identity = Assert.Single(user.GetProperty("identities").EnumerateArray());
        Assert.Equal(["identity_id", "id", "user_id", "identity_data", "provider", "last_sign_in_at", "created_at", "updated_at", "email"], Names(identity));
        Assert.Equal(id, identity.GetProperty("id").GetString());
        Assert.Equal(id, identity.GetProperty("user_id").GetString());
        Assert.NotEqual(id, identity.GetProperty("identity_id").GetString());
        Assert.Equal("email", identity.GetProperty("provider").GetString());
        Assert.Equal(email.ToLowerInvariant(), identity.GetProperty("email").GetString());
        Assert.False(identity.GetProperty("identity_data").GetProperty("email_verified").GetBoolean());
        Assert.Equal(id, identity.GetProperty("identity_data").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Sign_up_stores_the_user_its_identity_and_session_in_the_auth_schema()
    {
        var response = await Hub.SignUpAsync(data: new { name = "Grace" });
        var id = response.UserId;
        var db = Hub.Database;
        Assert.StartsWith("$2a$10$", await Sql.ScalarAsync<string>(db, "select encrypted_password from auth.users where id = $1", id));
        Assert.Equal("Grace", await Sql.ScalarAsync<string>(db, "select raw_user_meta_data ->> 'name' from auth.users where id = $1", id));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(db, "select count(*) from auth.identities where user_id = $1 and provider = 'email'", id));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(db, "select count(*) from auth.sessions where user_id = $1 and aal = 'aal1'", id));
        Assert.Equal(response.RefreshToken, await Sql.ScalarAsync<string>(db, "select token from auth.refresh_tokens where user_id = $1::text and not revoked and parent is null", id));
        Assert.Equal("password", await Sql.ScalarAsync<string>(db, "select c.authentication_method from auth.mfa_amr_claims c join auth.sessions s on s.id = c.session_id where s.user_id = $1", id));
    }

    [Fact]
    public async Task The_apps_insert_trigger_runs_during_sign_up()
    {
        var response = await Hub.SignUpAsync(data: new { name = "Linus" });
        Assert.Equal("Linus", await Sql.ScalarAsync<string>(Hub.Database, "select name from public.profiles where id = $1", response.UserId));
    }

    [Fact]
    public async Task A_failing_insert_trigger_is_500_Database_error_saving_new_user_and_nothing_is_kept()
    {
        var email = AuthHub.NewEmail("explode");
        var response = await Hub.Client.SignUpAsync(email, data: new { name = "explode" });
        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal(("unexpected_failure", "Database error saving new user"), response.Error);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(Hub.Database, "select count(*) from auth.users where email = $1", email));
        Assert.DoesNotContain("profile rejected", response.Text);
    }

    [Fact]
    public async Task Signing_up_twice_with_auto_confirm_is_422_user_already_exists()
    {
        var email = AuthHub.NewEmail();
        await Hub.SignUpAsync(email);
        var again = await Hub.Client.SignUpAsync(email.ToUpperInvariant(), "another-pass");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.Status);
        Assert.Equal(("user_already_exists", "User already registered"), again.Error);
        Assert.Equal("user_already_exists", again.Header("x-sb-error-code"));
        Assert.Equal("2024-01-01", again.Header("X-Supabase-Api-Version"));
    }

    [Fact]
    public async Task A_weak_password_is_422_weak_password_with_reasons()
    {
        var response = await Hub.Client.SignUpAsync(AuthHub.NewEmail(), "12345");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("""{"code":"weak_password","message":"Password should be at least 6 characters.","weak_password":{"reasons":["length"]}}""", response.Text);
    }

    [Fact]
    public async Task Clients_without_the_version_header_get_the_legacy_error_shape()
    {
        var response = await Hub.Client.SendAsync(HttpMethod.Post, "/signup", new { email = "not-an-email", password = "s3cret-pass" }, versioned: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("""{"code":400,"error_code":"validation_failed","msg":"Unable to validate email address: invalid format"}""", response.Text);
        Assert.Null(response.Header("X-Supabase-Api-Version"));
        Assert.Equal("validation_failed", response.Header("x-sb-error-code"));
    }

    public static TheoryData<string, string, int, string, string> InvalidSignups => new()
    {
        { "no password", """{"email":"a@example.com"}""", 400, "validation_failed", "Signup requires a valid password" },
        { "empty password", """{"email":"a@example.com","password":""}""", 400, "validation_failed", "Signup requires a valid password" },
        { "bad email", """{"email":"nope","password":"s3cret-pass"}""", 400, "validation_failed", "Unable to validate email address: invalid format" },
        { "blank email", """{"email":"   ","password":"s3cret-pass"}""", 400, "validation_failed", "An email address is required" },
        { "email and phone", """{"email":"a@example.com","phone":"15551234567","password":"s3cret-pass"}""", 400, "validation_failed", "Only an email address or phone number should be provided on signup." },
        { "phone only", """{"phone":"15551234567","password":"s3cret-pass"}""", 400, "phone_provider_disabled", "Phone signups are disabled" },
        { "anonymous", """{"data":{},"gotrue_meta_security":{}}""", 422, "anonymous_provider_disabled", "Anonymous sign-ins are disabled" },
        { "password over 72 bytes", """{"email":"a@example.com","password":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}""", 400, "validation_failed", "Password cannot be longer than 72 characters" },
        { "not JSON", """{"email":""", 400, "bad_json", "Could not parse request body as JSON: " },
        { "email of the wrong type", """{"email":5,"password":"s3cret-pass"}""", 400, "bad_json", "Could not parse request body as JSON: \"email\" must be a string" },
        { "data not an object", """{"email":"a@example.com","password":"s3cret-pass","data":[1]}""", 400, "bad_json", "Could not parse request body as JSON: \"data\" must be an object" },
    };

    [Theory]
    [MemberData(nameof(InvalidSignups))]
    public async Task Invalid_sign_ups_are_refused_with_GoTrues_code(string scenario, string body, int status, string code, string message)
    {
        var response = await Hub.Client.SendAsync(HttpMethod.Post, "/signup", body);
        Assert.True((int)response.Status == status, $"{scenario}: {response}");
        Assert.Equal(code, response.Error.Code);
        Assert.StartsWith(message, response.Error.Message);
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_refused()
    {
        var body = JsonSerializer.Serialize(new { email = AuthHub.NewEmail(), password = "s3cret-pass", data = new { blob = new string('x', 1024 * 1024) } });
        var response = await Hub.Client.SendAsync(HttpMethod.Post, "/signup", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("bad_json", response.Error.Code);
    }

    internal static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}
