using AgentHub.Server;
using AgentHub.Server.Configuration;
using AgentHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentHub.Realtime.Tests.Support;

/// <summary>
/// One in-process hub for every integration test: a real PostgreSQL cluster (AgentHub's own
/// embedded cluster code, as <see cref="PostgresFixture"/> starts it), the platform migrations, and
/// a user migration with row-level security policies on realtime.messages for the private-channel
/// tests. Tests isolate themselves by topic name.
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    /// <summary>The policies the private-channel tests rely on, written as a Supabase project would.</summary>
    public const string PolicyMigration = """
        -- Members of a room (app_metadata.rooms in their JWT) may receive and send on its private channel.
        create policy "room members read" on realtime.messages for select to authenticated
          using (realtime.topic() like 'room:%' and (auth.jwt() -> 'app_metadata' -> 'rooms') ? split_part(realtime.topic(), ':', 2));
        create policy "room members write" on realtime.messages for insert to authenticated
          with check (realtime.topic() like 'room:%' and (auth.jwt() -> 'app_metadata' -> 'rooms') ? split_part(realtime.topic(), ':', 2));
        -- Read-only channels: anyone signed in may listen, nobody may send.
        create policy "readonly listen" on realtime.messages for select to authenticated
          using (realtime.topic() like 'readonly:%');
        -- Presence-only channels: presence read and write for any signed-in user, no broadcast.
        create policy "lobby presence" on realtime.messages for select to authenticated
          using (realtime.topic() like 'lobby:%' and extension = 'presence');
        create policy "lobby presence track" on realtime.messages for insert to authenticated
          with check (realtime.topic() like 'lobby:%' and extension = 'presence');
        -- A policy that raises for one family of topics, to check that a failing policy counts as a
        -- refusal. (A constant 1/0 would be folded at plan time and break every topic.)
        create policy "broken" on realtime.messages for select to authenticated
          using (case when realtime.topic() like 'broken:%' then length(realtime.topic()) / 0 > 0 else false end);
        """;

    private readonly PostgresFixture _postgres = new();
    private readonly TempFolder _work = new("realtime-hub");
    private AgentHubServer? _server;

    public TestTokens Tokens { get; } = TestTokens.Default;

    public AgentHubServer Server => _server ?? throw new InvalidOperationException("The hub has not started.");

    public Uri ApiUrl => Server.ApiUrl;

    public string AnonKey => Server.Keys.Anon;

    public string ServiceKey => Server.Keys.ServiceRole;

    public Postgres.DatabaseEndpoint Database => Server.Database;

    /// <summary>The hub's service provider.</summary>
    public IServiceProvider Services => Server.Services;

    public RealtimeMetrics Metrics => Services.GetRequiredService<RealtimeMetrics>();

    public async ValueTask InitializeAsync()
    {
        await _postgres.InitializeAsync();
        var db = await _postgres.CreateDatabaseAsync("realtime");
        var migrations = Path.Combine(_work.Path, "supabase", "migrations");
        Directory.CreateDirectory(migrations);
        await File.WriteAllTextAsync(Path.Combine(migrations, "20240102000000_realtime_policies.sql"), PolicyMigration);
        _server = await AgentHubServer.StartAsync(
            new AgentHubOptions
            {
                Port = 0,
                DataDir = Path.Combine(_work.Path, ".agenthub"),
                Database = { Url = db.Url },
                Migrations = { Directory = migrations },
                Auth = { JwtSecret = TestTokens.DefaultSecret },
            },
            logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public Task<WebSocketTestClient> ConnectAsync(string vsn, string? apiKey = null) =>
        WebSocketTestClient.ConnectAsync(ApiUrl, vsn, apiKey ?? AnonKey);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        await _postgres.DisposeAsync();
        _work.Dispose();
    }
}
