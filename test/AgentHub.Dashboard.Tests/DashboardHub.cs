using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AgentHub.Postgres;
using AgentHub.Server;
using AgentHub.Server.Configuration;
using AgentHub.Testing;

namespace AgentHub.Dashboard.Tests;

/// <summary>
/// A real hub on a fixture database, on a fixed port so it can be stopped and started again in place
/// (the database stays up meanwhile), with the HTTP calls the tests make as the page's peers:
/// RPCs through the data API and users through the auth API.
/// </summary>
internal sealed class DashboardHub : IAsyncDisposable
{
    private readonly TempFolder _work = new("dashboard");
    private readonly AgentHubOptions _options;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private DashboardHub(DatabaseEndpoint database)
    {
        Database = database;
        var migrations = Path.Combine(_work.Path, "migrations");
        Directory.CreateDirectory(migrations);
        _options = new AgentHubOptions
        {
            Port = FreePort.Next(),
            DataDir = Path.Combine(_work.Path, ".agenthub"),
            Database = { Url = database.Url },
            Migrations = { Directory = migrations },
        };
    }

    /// <summary>The database, as its superuser (for assertions and for changes made behind the hub's back).</summary>
    public DatabaseEndpoint Database { get; }

    public AgentHubServer Server { get; private set; } = null!;

    /// <summary>The page's canonical address.</summary>
    public Uri DashboardUrl => new(Server.ApiUrl, "dashboard/");

    public string ServiceKey => Server.Keys.ServiceRole;

    public static async Task<DashboardHub> StartAsync(PostgresFixture postgres, string purpose)
    {
        var hub = new DashboardHub(await postgres.CreateDatabaseAsync(purpose));
        hub.Server = await AgentHubServer.StartAsync(hub._options, _ => { });
        return hub;
    }

    /// <summary>Stops the hub (HTTP and realtime go away; the database stays).</summary>
    public Task StopAsync() => Server.StopAsync();

    /// <summary>Starts the hub again on the same port, database and keys.</summary>
    public async Task StartAgainAsync() => Server = await AgentHubServer.StartAsync(_options, _ => { });

    /// <summary>Calls an agent-kit function through the data API as <paramref name="token"/>; throws with the body on failure.</summary>
    public async Task<JsonElement> RpcAsync(string token, string function, object arguments)
    {
        using var response = await SendRpcAsync(token, function, arguments);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{function}: HTTP {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The raw response of an RPC call, for tests that expect a refusal.</summary>
    public Task<HttpResponseMessage> SendRpcAsync(string token, string function, object arguments)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.ApiUrl, $"rest/v1/rpc/{function}"))
        {
            Content = JsonContent.Create(arguments),
        };
        request.Headers.Add("apikey", Server.Keys.Anon);
        request.Headers.Add("Content-Profile", "agenthub");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return _http.SendAsync(request);
    }

    /// <summary>Creates a confirmed user through the auth API's admin endpoint and signs it in; returns its id and access token.</summary>
    public async Task<(Guid Id, string Token)> CreateUserAsync(string email, string password)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.ApiUrl, "auth/v1/admin/users"))
        {
            Content = JsonContent.Create(new { email, password, email_confirm = true }),
        };
        create.Headers.Add("apikey", ServiceKey);
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServiceKey);
        using var created = await _http.SendAsync(create);
        Assert.True(created.IsSuccessStatusCode, $"admin create user: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");

        using var signIn = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.ApiUrl, "auth/v1/token?grant_type=password"))
        {
            Content = JsonContent.Create(new { email, password }),
        };
        signIn.Headers.Add("apikey", Server.Keys.Anon);
        using var session = await _http.SendAsync(signIn);
        var body = JsonDocument.Parse(await session.Content.ReadAsStringAsync()).RootElement;
        Assert.True(session.IsSuccessStatusCode, $"password sign-in: {(int)session.StatusCode} {body}");
        return (body.GetProperty("user").GetProperty("id").GetGuid(), body.GetProperty("access_token").GetString()!);
    }

    /// <summary>Makes a user a member of a tenant (what an owner's tooling would do; the agent kit has no RPC for it yet).</summary>
    public Task AddMemberAsync(Guid tenant, Guid user, string role = "member") =>
        Sql.ScalarAsync<object>(Database, "insert into agenthub.tenant_members (tenant_id, user_id, role) values ($1, $2, $3)", tenant, user, role);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _http.Dispose();
        _work.Dispose();
    }
}
