using Microsoft.Extensions.Logging;
using AgentHub.Postgres;
using AgentHub.Server;
using AgentHub.Server.Configuration;
using AgentHub.Testing;

namespace AgentHub.Client.IntegrationTests;

/// <summary>A real hub on a fixture database, on a fixed port so that it can be restarted in place.</summary>
internal sealed class HubInstance : IAsyncDisposable
{
    private readonly TempFolder _work = new("sdk");
    private readonly AgentHubOptions _options;

    private HubInstance(DatabaseEndpoint database, string migrationSql)
    {
        Database = database;
        var migrations = Path.Combine(_work.Path, "migrations");
        Directory.CreateDirectory(migrations);
        File.WriteAllText(Path.Combine(migrations, "20240101000000_sdk.sql"), migrationSql);
        _options = new AgentHubOptions
        {
            Port = FreePort.Next(),
            DataDir = Path.Combine(_work.Path, ".agenthub"),
            Database = { Url = database.Url },
            Migrations = { Directory = migrations },
        };
    }

    public DatabaseEndpoint Database { get; }

    public AgentHubServer Server { get; private set; } = null!;

    public static async Task<HubInstance> StartAsync(PostgresFixture postgres, string purpose, string migrationSql, Action<AgentHubOptions>? configure = null)
    {
        var hub = new HubInstance(await postgres.CreateDatabaseAsync(purpose), migrationSql);
        configure?.Invoke(hub._options);
        hub.Server = await AgentHubServer.StartAsync(hub._options, Logging);
        return hub;
    }

    public AgentHubClient Client(string? token = null) => new(new AgentHubClientOptions
    {
        Url = Server.ApiUrl,
        ApiKey = Server.Keys.Anon,
        AccessToken = token,
        ReconnectDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500)],
    });

    public AgentHubClient ServiceClient() => Client(Server.Keys.ServiceRole);

    /// <summary>Stops the hub and starts it again on the same port and database; <paramref name="whileDown"/> runs in between.</summary>
    public async Task RestartAsync(Func<Task>? whileDown = null)
    {
        await Server.StopAsync();
        if (whileDown is not null) await whileDown();
        Server = await AgentHubServer.StartAsync(_options, Logging);
    }

    // Quiet by default; AGENTHUB_TEST_LOGS=1 shows the hub's log on the console when a test needs
    // explaining, AGENTHUB_TEST_LOGS=warn only its warnings and errors (the full log slows the hub
    // down enough to hide timing bugs). Agent runtimes made by AgentKitScenario log the same way.
    internal static void Logging(Microsoft.Extensions.Logging.ILoggingBuilder logging)
    {
        var setting = Environment.GetEnvironmentVariable("AGENTHUB_TEST_LOGS");
        if (setting is not ("1" or "warn")) return;
        Microsoft.Extensions.Logging.ConsoleLoggerExtensions.AddSimpleConsole(logging);
        if (setting == "warn") logging.AddFilter(level => level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    /// <summary>Loggers for test-made clients, configured like the hub's (see <see cref="Logging"/>).</summary>
    internal static readonly Microsoft.Extensions.Logging.ILoggerFactory ClientLoggers = Microsoft.Extensions.Logging.LoggerFactory.Create(Logging);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _work.Dispose();
    }
}
