using AgentHub.Auth.Keys;
using AgentHub.Postgres;
using AgentHub.Server.Configuration;
using AgentHub.Server.Database;
using AgentHub.Server.Health;
using AgentHub.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentHub.Server;

/// <summary>
/// A running hub: its database (embedded or external), migrations applied, keys loaded, HTTP API
/// listening. Embeddable: the CLI's <c>serve</c> is a thin wrapper, and tests start it in-process.
/// </summary>
/// <remarks>
/// Start order: database (start or reach it) → platform migrations → user migrations →
/// keys → HTTP. Stop order is the reverse, and the embedded cluster stops last so in-flight
/// requests finish against a live database.
/// </remarks>
public sealed class AgentHubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProvisionedDatabase _database;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _dataDirectory;
    private bool _stopped;

    private AgentHubServer(WebApplication app, ProvisionedDatabase database, NpgsqlDataSource dataSource, ApiKeys keys, Uri apiUrl, string dataDirectory)
    {
        _app = app;
        _database = database;
        _dataSource = dataSource;
        Keys = keys;
        ApiUrl = apiUrl;
        _dataDirectory = dataDirectory;
    }

    /// <summary>Base URL of the HTTP API (REST, realtime, auth, health).</summary>
    public Uri ApiUrl { get; }

    /// <summary>The anon and service_role keys.</summary>
    public ApiKeys Keys { get; }

    /// <summary>The database the hub uses, as the superuser / configured user.</summary>
    public DatabaseEndpoint Database => _database.Admin;

    /// <summary>True when the hub runs its own embedded cluster.</summary>
    public bool EmbeddedDatabase => _database.IsEmbedded;

    /// <summary>The cluster this hub started, if it runs one (tests stop it to see the hub survive).</summary>
    internal AgentHub.Postgres.Embedded.EmbeddedCluster? Cluster => _database.Cluster;

    /// <summary>Completes when the host has stopped.</summary>
    public Task Stopped => _app.WaitForShutdownAsync();

    /// <summary>Starts a hub with the given options. Throws <see cref="AgentHub.Postgres.Embedded.EmbeddedClusterException"/> or
    /// <see cref="AgentHub.Postgres.Migrations.MigrationException"/> with a one-line message when it cannot.</summary>
    public static async Task<AgentHubServer> StartAsync(AgentHubOptions options, Action<ILoggingBuilder>? configureLogging = null, CancellationToken cancellationToken = default)
    {
        var startedAt = DateTimeOffset.UtcNow;
        using var bootLoggers = LoggerFactory.Create(b => (configureLogging ?? DefaultLogging)(b));
        var logger = bootLoggers.CreateLogger("AgentHub.Server");

        var database = await DatabaseProvisioner.ForServerAsync(options, bootLoggers, cancellationToken).ConfigureAwait(false);
        try
        {
            await HubMigrations.ApplyAsync(database.Admin, options.Migrations.Directory, options.Migrations.ApplyOnStart, logger, cancellationToken).ConfigureAwait(false);
            if (database.Cluster is not null) await HubMigrations.SetAuthenticatorPasswordAsync(database.Admin, cancellationToken).ConfigureAwait(false);

            var secret = options.Auth.JwtSecret is { } configured ? JwtSecret.FromConfiguration(configured) : JwtSecret.LoadOrCreate(options.DataDir);
            var keys = new ApiKeys(secret);
            var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.Admin.ConnectionString("agenthub"))
            {
                Timeout = 5,
                MaxPoolSize = 20,
            }.ConnectionString);

            var app = BuildApp(options, configureLogging, dataSource, secret, keys,
                new HubRuntime(startedAt, database.IsEmbedded, options.Migrations.Directory));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var apiUrl = ResolveApiUrl(app, options);
            var server = new AgentHubServer(app, database, dataSource, keys, apiUrl, options.DataDir);
            if (database.Cluster is not null)
            {
                new HubRuntimeInfo(Environment.ProcessId, apiUrl.ToString(), database.Admin.Host, database.Admin.Port, true, startedAt).Write(options.DataDir);
            }
            return server;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops HTTP (letting in-flight requests finish), then the embedded cluster.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        if (_database.Cluster is not null) HubRuntimeInfo.Delete(_dataDirectory);
        await _database.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static WebApplication BuildApp(AgentHubOptions options, Action<ILoggingBuilder>? configureLogging, NpgsqlDataSource dataSource, JwtSecret secret, ApiKeys keys, HubRuntime runtime)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        (configureLogging ?? DefaultLogging)(builder.Logging);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddSingleton(secret);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(runtime);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<HealthReporter>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()));

        var app = builder.Build();
        app.MapHealth();
        return app;
    }

    private static Uri ResolveApiUrl(WebApplication app, AgentHubOptions options)
    {
        if (options.PublicUrl is not null) return new Uri(options.PublicUrl);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    /// <summary>One line per event on the console, Microsoft's chatter at warning level.</summary>
    public static void DefaultLogging(ILoggingBuilder logging)
    {
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
    }
}
