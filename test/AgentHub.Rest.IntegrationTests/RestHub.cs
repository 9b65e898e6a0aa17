using System.Net.Http.Headers;
using System.Text;
using AgentHub.Auth.Keys;
using AgentHub.Postgres;
using AgentHub.Server;
using AgentHub.Server.Configuration;
using AgentHub.Testing;

namespace AgentHub.Rest.IntegrationTests;

/// <summary>
/// An in-process hub on a real socket, against its own database in the shared test cluster
/// (external-database mode, so no extra cluster starts), with the given schema as its migration.
/// </summary>
public sealed class RestHub : IAsyncDisposable
{
    public const string Secret = "integration-tests-secret-0123456789-abcdefghij";

    private readonly TempFolder _work;
    private readonly AgentHubServer _server;

    private RestHub(TempFolder work, AgentHubServer server, DatabaseEndpoint database)
    {
        _work = work;
        _server = server;
        Database = database;
        Http = new HttpClient { BaseAddress = new Uri(server.ApiUrl, "rest/v1/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public DatabaseEndpoint Database { get; }

    public ApiKeys Keys => _server.Keys;

    public static async Task<RestHub> StartAsync(PostgresFixture postgres, string name, string schemaSql)
    {
        var database = await postgres.CreateDatabaseAsync(name);
        var work = new TempFolder(name.Length > 20 ? name[..20] : name);
        var migrations = Path.Combine(work.Path, "migrations");
        Directory.CreateDirectory(migrations);
        await File.WriteAllTextAsync(Path.Combine(migrations, "20240101000000_schema.sql"), schemaSql);
        var options = new AgentHubOptions
        {
            Port = 0,
            DataDir = Path.Combine(work.Path, ".agenthub"),
            Database = { Url = database.Url, DurableWrites = false },
            Migrations = { Directory = migrations },
            Auth = { JwtSecret = Secret },
        };
        var server = await AgentHubServer.StartAsync(options, _ => { });
        return new RestHub(work, server, database);
    }

    /// <summary>A token for a signed-in user (role authenticated, sub = <paramref name="userId"/>).</summary>
    public static string UserToken(Guid userId, int expiresInSeconds = 3600) => Sign(
        $$"""{"sub":"{{userId}}","role":"authenticated","aud":"authenticated","exp":{{DateTimeOffset.UtcNow.AddSeconds(expiresInSeconds).ToUnixTimeSeconds()}}}""");

    public static string Sign(string claimsJson, string secret = Secret) => TokenSigner.Sign(JwtSecret.FromConfiguration(secret), claimsJson);

    /// <summary>Sends a request the way supabase-js does: apikey, bearer (the key unless a token is given), profile headers.</summary>
    public async Task<Response> SendAsync(string method, string url, string? body = null, string? token = null, IEnumerable<KeyValuePair<string, string>>? headers = null, string? apiKey = null, bool noAuth = false)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url.TrimStart('/'));
        if (apiKey != "")
        {
            request.Headers.TryAddWithoutValidation("apikey", apiKey ?? Keys.Anon);
        }

        if (!noAuth)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + (token ?? Keys.Anon));
        }

        var contentHeaders = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in headers ?? [])
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentHeaders.Add(new(name, value));
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (body is not null || method is not ("GET" or "HEAD"))
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? ""));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var (name, value) in contentHeaders)
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var all = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        return new Response((int)response.StatusCode, text, all);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync();
        _work.Dispose();
    }

    /// <summary>Status, body text and headers of a response.</summary>
    public sealed record Response(int Status, string Body, IReadOnlyDictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        public override string ToString() => $"{Status} {Body}";
    }
}
