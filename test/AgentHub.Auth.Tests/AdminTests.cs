using System.Net;
using AgentHub.Testing;

namespace AgentHub.Auth.Tests;

/// <summary>The admin user API with the service_role key, and refused without it.</summary>
public sealed class AdminTests(AuthHubFixture fixture) : IClassFixture<AuthHubFixture>
{
    private AuthHub Hub => fixture.Hub;

    private Task<AuthResponse> Admin(HttpMethod method, string path, object? body = null) =>
        Hub.Client.SendAsync(method, path, body, bearer: Hub.ServiceKey, apiKey: Hub.ServiceKey);

    public static TheoryData<string, string, string> AdminCalls => new()
    {
        { "list", "GET", "/admin/users?page=&per_page=" },
        { "create", "POST", "/admin/users" },
        { "get", "GET", "/admin/users/00000000-0000-0000-0000-000000000001" },
        { "update", "PUT", "/admin/users/00000000-0000-0000-0000-000000000001" },
        { "delete", "DELETE", "/admin/users/00000000-0000-0000-0000-000000000001" },
    };

    [Theory]
    [MemberData(nameof(AdminCalls))]
    public async Task Admin_calls_are_refused_without_an_admin_bearer(string scenario, string method, string path)
    {
        var signup = await Hub.SignUpAsync();
        var body = new { email = AuthHub.NewEmail(), should_soft_delete = false };

        var none = await Hub.Client.SendAsync(new HttpMethod(method), path, body, bearer: AuthClient.None);
        Assert.True(none.Status == HttpStatusCode.Unauthorized, $"{scenario}: {none}");
        Assert.Equal(("no_authorization", "This endpoint requires a valid Bearer token"), none.Error);

        var anon = await Hub.Client.SendAsync(new HttpMethod(method), path, body);
        Assert.True(anon.Status == HttpStatusCode.Forbidden, $"{scenario}: {anon}");
        Assert.Equal(("not_admin", "User not allowed"), anon.Error);

        var user = await Hub.Client.SendAsync(new HttpMethod(method), path, body, bearer: signup.AccessToken);
        Assert.Equal(("not_admin", "User not allowed"), user.Error);

        // The service key as apikey is not enough: the bearer decides.
        var serviceApiKeyOnly = await Hub.Client.SendAsync(new HttpMethod(method), path, body, apiKey: Hub.ServiceKey, bearer: Hub.AnonKey);
        Assert.Equal(HttpStatusCode.Forbidden, serviceApiKeyOnly.Status);
    }

    [Fact]
    public async Task Create_sets_addresses_confirmation_metadata_and_role()
    {
        var email = AuthHub.NewEmail("Admin");
        var response = await Admin(HttpMethod.Post, "/admin/users", new
        {
            email,
            password = "abc",
            email_confirm = true,
            user_metadata = new { name = "Made by admin" },
            app_metadata = new { plan = "pro" },
        });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var user = response.Json;
        Assert.Equal(email.ToLowerInvariant(), user.GetProperty("email").GetString());
        Assert.True(user.TryGetProperty("email_confirmed_at", out _));
        Assert.False(user.TryGetProperty("last_sign_in_at", out _));
        Assert.Equal("authenticated", user.GetProperty("role").GetString());
        Assert.Equal("Made by admin", user.GetProperty("user_metadata").GetProperty("name").GetString());
        Assert.True(user.GetProperty("user_metadata").GetProperty("email_verified").GetBoolean());
        Assert.Equal("pro", user.GetProperty("app_metadata").GetProperty("plan").GetString());
        Assert.Equal("email", user.GetProperty("app_metadata").GetProperty("provider").GetString());
        Assert.Single(user.GetProperty("identities").EnumerateArray());
        Assert.Equal("Made by admin", await Sql.ScalarAsync<string>(Hub.Database, "select name from public.profiles where id = $1", response.UserId));

        // No strength rule for admins: the short password works.
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.SignInAsync(email, "abc")).Status);
    }

    [Fact]
    public async Task Create_accepts_an_id_a_role_and_a_bcrypt_hash_made_elsewhere()
    {
        var id = Guid.NewGuid();
        var email = AuthHub.NewEmail();
        var hash = await Sql.ScalarAsync<string>(Hub.Database, "select crypt('migrated-pass', gen_salt('bf'))");
        var response = await Admin(HttpMethod.Post, "/admin/users", new { id = id.ToString(), email, password_hash = hash, email_confirm = true, role = "agent_runner" });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(id, response.UserId);
        Assert.Equal("agent_runner", response.Json.GetProperty("role").GetString());
        var signIn = await Hub.Client.SignInAsync(email, "migrated-pass");
        Assert.Equal(HttpStatusCode.OK, signIn.Status);
        Assert.Equal("agent_runner", TokenTests.Decode(signIn.AccessToken.Split('.')[1]).GetProperty("role").GetString());

        var again = await Admin(HttpMethod.Post, "/admin/users", new { id = id.ToString(), email = AuthHub.NewEmail() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.Status);
        Assert.Equal("user_already_exists", again.Error.Code);
    }

    [Fact]
    public async Task Create_with_a_phone_stores_it_in_e164_digits()
    {
        var phone = "+1 555 " + Random.Shared.Next(1000000, 9999999);
        var response = await Admin(HttpMethod.Post, "/admin/users", new { phone, phone_confirm = true });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(phone.Replace("+", "").Replace(" ", ""), response.Json.GetProperty("phone").GetString());
        Assert.Equal("", response.Json.GetProperty("email").GetString());
        Assert.Equal("phone", response.Json.GetProperty("app_metadata").GetProperty("provider").GetString());
        Assert.True(response.Json.TryGetProperty("phone_confirmed_at", out _));

        var duplicate = await Admin(HttpMethod.Post, "/admin/users", new { phone });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.Status);
        Assert.Equal(("phone_exists", "A user with this phone number has already been registered"), duplicate.Error);
    }

    public static TheoryData<string, string, int, string, string> InvalidCreates => new()
    {
        { "no address", """{"password":"abcdef"}""", 400, "validation_failed", "Cannot create a user without either an email or phone" },
        { "bad email", """{"email":"x"}""", 400, "validation_failed", "Unable to validate email address: invalid format" },
        { "bad phone", """{"phone":"abc"}""", 400, "validation_failed", "Invalid phone number format (E.164 required)" },
        { "bad id", """{"email":"a@example.com","id":"nope"}""", 400, "validation_failed", "id must be a valid UUID" },
        { "bad ban", """{"email":"a@example.com","ban_duration":"forever"}""", 400, "validation_failed", "invalid format for ban duration" },
        { "bad hash", """{"email":"a@example.com","password_hash":"md5:abc"}""", 400, "validation_failed", "Invalid password hash format" },
        { "password and hash", """{"email":"a@example.com","password":"x","password_hash":"y"}""", 400, "validation_failed", "Only a password or a password hash should be provided" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task Invalid_creates_are_refused(string scenario, string body, int status, string code, string message)
    {
        var response = await Admin(HttpMethod.Post, "/admin/users", body);
        Assert.True((int)response.Status == status, $"{scenario}: {response}");
        Assert.Equal(code, response.Error.Code);
        Assert.StartsWith(message, response.Error.Message);
    }

    [Fact]
    public async Task Create_with_a_registered_email_is_422_email_exists()
    {
        var email = AuthHub.NewEmail();
        await Hub.SignUpAsync(email);
        var response = await Admin(HttpMethod.Post, "/admin/users", new { email = email.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(("email_exists", "A user with this email address has already been registered"), response.Error);
    }

    [Fact]
    public async Task List_pages_newest_first_with_total_and_link_headers()
    {
        await using var hub = await AuthHub.StartAsync(Postgres, "admin_list");
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var response = await hub.Client.SendAsync(HttpMethod.Post, "/admin/users", new { email = $"list{i}@example.com" }, bearer: hub.ServiceKey);
            created.Add(response.UserId);
        }

        var first = await hub.Client.SendAsync(HttpMethod.Get, "/admin/users?page=1&per_page=2", bearer: hub.ServiceKey);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("5", first.Header("X-Total-Count"));
        Assert.Equal("</admin/users?page=2&per_page=2>; rel=\"next\", </admin/users?page=3&per_page=2>; rel=\"last\"", first.Header("Link"));
        Assert.Equal("authenticated", first.Json.GetProperty("aud").GetString());
        Assert.Equal([created[4], created[3]], first.Json.GetProperty("users").EnumerateArray().Select(u => Guid.Parse(u.GetProperty("id").GetString()!)));

        var last = await hub.Client.SendAsync(HttpMethod.Get, "/admin/users?page=3&per_page=2", bearer: hub.ServiceKey);
        Assert.Equal("</admin/users?page=3&per_page=2>; rel=\"last\"", last.Header("Link"));
        Assert.Equal(created[0], Guid.Parse(Assert.Single(last.Json.GetProperty("users").EnumerateArray()).GetProperty("id").GetString()!));

        var defaults = await hub.Client.SendAsync(HttpMethod.Get, "/admin/users?page=&per_page=", bearer: hub.ServiceKey);
        Assert.Equal(5, defaults.Json.GetProperty("users").GetArrayLength());
        Assert.Equal("</admin/users?page=1&per_page=50>; rel=\"last\"", defaults.Header("Link"));

        var filtered = await hub.Client.SendAsync(HttpMethod.Get, "/admin/users?page=1&per_page=10&filter=list3", bearer: hub.ServiceKey);
        Assert.Equal(created[3], Guid.Parse(Assert.Single(filtered.Json.GetProperty("users").EnumerateArray()).GetProperty("id").GetString()!));

        var bad = await hub.Client.SendAsync(HttpMethod.Get, "/admin/users?page=x&per_page=", bearer: hub.ServiceKey);
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("validation_failed", bad.Error.Code);
    }

    [Fact]
    public async Task Get_returns_the_user_or_404()
    {
        var signup = await Hub.SignUpAsync();
        var found = await Admin(HttpMethod.Get, $"/admin/users/{signup.UserId}");
        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Equal(signup.UserId, found.UserId);

        var missing = await Admin(HttpMethod.Get, $"/admin/users/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal(("user_not_found", "User not found"), missing.Error);

        var malformed = await Admin(HttpMethod.Get, "/admin/users/not-a-uuid");
        Assert.Equal(HttpStatusCode.NotFound, malformed.Status);
        Assert.Equal(("validation_failed", "user_id must be an UUID"), malformed.Error);
    }

    [Fact]
    public async Task Update_changes_email_password_metadata_and_role()
    {
        var signup = await Hub.SignUpAsync(data: new { name = "Before", keep = 1 });
        var email = AuthHub.NewEmail("updated");
        var response = await Admin(HttpMethod.Put, $"/admin/users/{signup.UserId}", new
        {
            email,
            password = "new-password",
            user_metadata = new { name = "After" },
            app_metadata = new { plan = "team" },
            role = "service_worker",
        });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var user = response.Json;
        Assert.Equal(email, user.GetProperty("email").GetString());
        Assert.Equal("After", user.GetProperty("user_metadata").GetProperty("name").GetString());
        Assert.Equal(1, user.GetProperty("user_metadata").GetProperty("keep").GetInt32());
        Assert.Equal("team", user.GetProperty("app_metadata").GetProperty("plan").GetString());
        Assert.Equal("email", user.GetProperty("app_metadata").GetProperty("provider").GetString());
        Assert.Equal("service_worker", user.GetProperty("role").GetString());
        Assert.Equal(email, user.GetProperty("identities")[0].GetProperty("identity_data").GetProperty("email").GetString());

        // A new password ends the user's sessions.
        Assert.Equal("session_not_found", (await Hub.Client.GetUserAsync(signup.AccessToken)).Error.Code);
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.SignInAsync(email, "new-password")).Status);
    }

    [Fact]
    public async Task Update_confirms_an_email_and_refuses_a_taken_one()
    {
        var taken = AuthHub.NewEmail();
        await Hub.SignUpAsync(taken);
        var email = AuthHub.NewEmail();
        var created = await Admin(HttpMethod.Post, "/admin/users", new { email, password = "s3cret-pass" });
        Assert.False(created.Json.TryGetProperty("email_confirmed_at", out _));

        var conflict = await Admin(HttpMethod.Put, $"/admin/users/{created.UserId}", new { email = taken });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.Status);
        Assert.Equal("email_exists", conflict.Error.Code);

        var confirmed = await Admin(HttpMethod.Put, $"/admin/users/{created.UserId}", new { email_confirm = true });
        Assert.True(confirmed.Json.TryGetProperty("email_confirmed_at", out _));
        Assert.True(confirmed.Json.GetProperty("user_metadata").GetProperty("email_verified").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await Hub.Client.SignInAsync(email)).Status);

        var missing = await Admin(HttpMethod.Put, $"/admin/users/{Guid.NewGuid()}", new { email_confirm = true });
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task Delete_removes_the_user_and_cascades_to_sessions_and_app_rows()
    {
        var signup = await Hub.SignUpAsync(data: new { name = "Doomed" });
        var response = await Admin(HttpMethod.Delete, $"/admin/users/{signup.UserId}", new { should_soft_delete = false });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("{}", response.Text);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(Hub.Database, "select count(*) from auth.users where id = $1", signup.UserId));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(Hub.Database, "select count(*) from public.profiles where id = $1", signup.UserId));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(Hub.Database, "select count(*) from auth.refresh_tokens where user_id = $1::text", signup.UserId));
        Assert.Equal("user_not_found", (await Hub.Client.GetUserAsync(signup.AccessToken)).Error.Code);

        var again = await Admin(HttpMethod.Delete, $"/admin/users/{signup.UserId}", new { should_soft_delete = false });
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
        Assert.Equal(("user_not_found", "User not found"), again.Error);
    }

    [Fact]
    public async Task Soft_delete_keeps_the_row_but_removes_credentials_and_sessions()
    {
        var email = AuthHub.NewEmail();
        var signup = await Hub.SignUpAsync(email, data: new { name = "Soft" });
        var response = await Admin(HttpMethod.Delete, $"/admin/users/{signup.UserId}", new { should_soft_delete = true });
        Assert.Equal(HttpStatusCode.OK, response.Status);

        var user = await Admin(HttpMethod.Get, $"/admin/users/{signup.UserId}");
        Assert.True(user.Json.TryGetProperty("deleted_at", out _));
        Assert.Equal("", user.Json.GetProperty("email").GetString());
        Assert.Equal("Soft", await Sql.ScalarAsync<string>(Hub.Database, "select name from public.profiles where id = $1", signup.UserId));
        Assert.Equal(HttpStatusCode.BadRequest, (await Hub.Client.SignInAsync(email)).Status);
        Assert.Equal("session_not_found", (await Hub.Client.GetUserAsync(signup.AccessToken)).Error.Code);
    }

    private PostgresFixture Postgres => fixture.Postgres;
}
