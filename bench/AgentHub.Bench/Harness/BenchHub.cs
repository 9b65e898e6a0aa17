using System.Security.Cryptography;
using AgentHub.Auth.Keys;
using AgentHub.Postgres;
using AgentHub.Server;
using AgentHub.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentHub.Bench.Harness;

/// <summary>
/// A real hub started in-process (<see cref="AgentHubServer.StartAsync"/>) on a database of the
/// benchmark cluster, with the benchmark's tables as a user migration, and a signed token for one
/// user (role authenticated) that every request carries.
/// </summary>
internal sealed class BenchHub : IAsyncDisposable
{
    private readonly string _folder;

    private BenchHub(AgentHubServer server, DatabaseEndpoint database, string folder, Guid user, string claimsJson, string token)
    {
        Server = server;
        Database = database;
        _folder = folder;
        User = user;
        ClaimsJson = claimsJson;
        Token = token;
    }

    public AgentHubServer Server { get; }

    /// <summary>The database, as the hub's own login (its request pool uses the same).</summary>
    public DatabaseEndpoint Database { get; }

    public Guid User { get; }

    /// <summary>HS256 token: role authenticated, sub = <see cref="User"/>, valid for a day.</summary>
    public string Token { get; }

    /// <summary>The token's claims exactly as the hub passes them to request.jwt.claims.</summary>
    public string ClaimsJson { get; }

    public static async Task<BenchHub> StartAsync(BenchDatabase cluster, string name, string migrationSql, Guid user)
    {
        var database = await cluster.CreateDatabaseAsync(name, withPlatform: false);
        var folder = Path.Combine(Path.GetTempPath(), "agenthub-bench", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        var migrations = Path.Combine(folder, "migrations");
        Directory.CreateDirectory(migrations);
        await File.WriteAllTextAsync(Path.Combine(migrations, "20250101000000_bench.sql"), migrationSql);
        if (Environment.GetEnvironmentVariable("AGENTHUB_BENCH_LOG_SQL") == "1")
        {
            await cluster.ExecuteAsync($"alter database \"{name}\" set log_statement = 'all'");
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var options = new AgentHubOptions
        {
            Port = 0,
            DataDir = Path.Combine(folder, ".agenthub"),
            Database = { Url = database.Url },
            Migrations = { Directory = migrations },
            Auth = { JwtSecret = secret },
        };
        // Warnings only: the hub logs nothing per request, and console output would cost the load generator.
        var server = await AgentHubServer.StartAsync(options, logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        var exp = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();
        var claims = $$"""{"aud":"authenticated","exp":{{exp}},"sub":"{{user}}","role":"authenticated"}""";
        return new BenchHub(server, database, folder, user, claims, TokenSigner.Sign(JwtSecret.FromConfiguration(secret), claims));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
