using AgentHub.Auth.Keys;
using AgentHub.Dashboard;
using AgentHub.Postgres;
using AgentHub.Server.Configuration;
using AgentHub.Server.Database;
using AgentHub.Server.Health;
using AgentHub.Server.Hosting;
using AgentHub.Server.Modules;
using AgentHub.Auth.Tokens;
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
    private readonly HubModuleContext _context;
    private readonly string _dataDirectory;
    private bool _stopped;

    private AgentHubServer(WebApplication app, ProvisionedDatabase database, HubModuleContext context, Uri apiUrl, string dataDirectory)
    {
        _app = app;
        _database = database;
        _context = context;
        Keys = context.Keys;
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

    /// <summary>The hub's services (realtime registry and metrics, data sources), for embedding hosts and tests.</summary>
    public IServiceProvider Services => _app.Services;

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
            var context = new HubModuleContext(
                options,
                secret,
                new ApiKeys(secret),
                new TokenVerifier(secret),
                CreateDataSource(database.Admin, "agenthub", maxPoolSize: 20),
                database.IsEmbedded ? database.Admin with { Username = "authenticator" } : database.Admin,
                database.Admin,
                new HubRuntime(startedAt, database.IsEmbedded, options.Migrations.Directory));

            var app = BuildApp(context, configureLogging);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var apiUrl = ResolveApiUrl(app, options);
            var server = new AgentHubServer(app, database, context, apiUrl, options.DataDir);
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

    /// <summary>
    /// Mints a token for an agent of a tenant, creating both on first use (what <c>agenthub keys agent</c>
    /// does), for hosts that embed the hub: examples, tests, provisioning code.
    /// </summary>
    public async Task<(string Token, Guid TenantId, Guid AgentId)> MintAgentTokenAsync(string tenantSlug, string agentName, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        var tenant = await Agents.AgentDirectory.EnsureTenantAsync(Database, tenantSlug, cancellationToken).ConfigureAwait(false);
        var agent = await Agents.AgentDirectory.EnsureAgentAsync(Database, tenant, agentName, cancellationToken).ConfigureAwait(false);
        var token = AgentTokenIssuer.Issue(_context.Secret, tenant, agent, agentName, lifetime ?? AgentTokenIssuer.DefaultLifetime, DateTimeOffset.UtcNow);
        return (token, tenant, agent);
    }

    /// <summary>Stops HTTP (letting in-flight requests finish), then the embedded cluster.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _context.AdminDatabase.DisposeAsync().ConfigureAwait(false);
        if (_database.Cluster is not null) HubRuntimeInfo.Delete(_dataDirectory);
        await _database.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private static NpgsqlDataSource CreateDataSource(DatabaseEndpoint endpoint, string applicationName, int maxPoolSize) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(endpoint.ConnectionString(applicationName))
        {
            Timeout = 5,
            MaxPoolSize = maxPoolSize,
        }.ConnectionString);

    private static WebApplication BuildApp(HubModuleContext context, Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        (configureLogging ?? DefaultLogging)(builder.Logging);
        builder.WebHost.UseUrls($"http://{context.Options.Host}:{context.Options.Port}");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(context);
        builder.Services.AddSingleton(context.Options);
        builder.Services.AddSingleton(context.Secret);
        builder.Services.AddSingleton(context.Keys);
        builder.Services.AddSingleton(context.Tokens);
        builder.Services.AddSingleton(context.Runtime);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new HealthReporter(context.AdminDatabase, context.Runtime, sp.GetRequiredService<TimeProvider>(),
            sp.GetService<AgentHub.Realtime.RealtimeMetrics>(), sp.GetService<AgentHub.Cdc.ReplicationWorker>()));
        builder.Services.AddHubCors();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()));
        AuthModule.AddServices(builder, context);
        RestModule.AddServices(builder, context);
        RealtimeModule.AddServices(builder, context);
        AgentKitModule.AddServices(builder, context);
        Changes.ChangeCaptureSetup.AddServices(builder, context);
        DashboardModule.AddServices(builder.Services, context.Keys.Anon);

        var app = builder.Build();
        app.UseCors();
        RestModule.Use(app);
        // Explicit, so that routing runs after the data API's terminal middleware rather than first.
        app.UseRouting();
        app.UseWebSockets();
        app.MapHealth();
        AuthModule.Map(app, context);
        RealtimeModule.Map(app, context);
        DashboardModule.Map(app);
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
        // Logs go to stderr so that stdout carries only a command's output (keys --json in scripts).
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
    }
}
