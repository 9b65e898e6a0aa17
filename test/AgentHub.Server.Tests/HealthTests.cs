using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentHub.Server.Configuration;
using AgentHub.Testing;

namespace AgentHub.Server.Tests;

/// <summary>The in-process hub over a real socket: start modes and GET /health.</summary>
public sealed class HealthTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempFolder _work = new("health");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    private string MigrationsDir => Path.Combine(_work.Path, "supabase", "migrations");

    private AgentHubOptions Options(string? databaseUrl) => new()
    {
        Port = 0,
        DataDir = Path.Combine(_work.Path, ".agenthub"),
        Database = { Url = databaseUrl, EmbeddedPort = FreePort.Next(), DurableWrites = false },
        Migrations = { Directory = MigrationsDir },
    };

    private void WriteMigration(string version, string sql)
    {
        Directory.CreateDirectory(MigrationsDir);
        File.WriteAllText(Path.Combine(MigrationsDir, $"{version}_m.sql"), sql);
    }

    [Fact]
    public async Task External_database_mode_starts_no_cluster_and_reports_healthy_with_tables_and_migrations()
    {
        var db = await postgres.CreateDatabaseAsync("health_external");
        WriteMigration("20240101000000", """
            create table public.agents_demo (id uuid primary key default uuid_generate_v4(), name text);
            alter table public.agents_demo enable row level security;
            alter publication supabase_realtime add table public.agents_demo;
            create table public.open_notes (id int);
            revoke all on public.open_notes from anon;
            """);
        await using var server = await AgentHubServer.StartAsync(Options(db.Url), _ => { });

        Assert.False(server.EmbeddedDatabase);
        Assert.False(Directory.Exists(Path.Combine(_work.Path, ".agenthub", "postgres")));

        using var response = await _http.GetAsync(new Uri(server.ApiUrl, "health"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("external", health.GetProperty("database").GetProperty("mode").GetString());
        Assert.True(health.GetProperty("database").GetProperty("reachable").GetBoolean());
        Assert.StartsWith("15", health.GetProperty("database").GetProperty("serverVersion").GetString());
        Assert.True(health.GetProperty("database").GetProperty("responseTimeMs").GetDouble() >= 0);
        Assert.Equal(0, health.GetProperty("migrations").GetProperty("pending").GetInt32());
        Assert.True(health.GetProperty("migrations").GetProperty("applied").GetInt32() >= 5);

        var demo = health.GetProperty("tables").GetProperty("public.agents_demo");
        Assert.True(demo.GetProperty("rowLevelSecurity").GetBoolean());
        Assert.True(demo.GetProperty("anon").GetBoolean());
        Assert.True(demo.GetProperty("realtime").GetBoolean());
        var notes = health.GetProperty("tables").GetProperty("public.open_notes");
        Assert.False(notes.GetProperty("anon").GetBoolean());
        Assert.True(notes.GetProperty("authenticated").GetBoolean());
        Assert.False(notes.GetProperty("realtime").GetBoolean());

        // A migration added while the hub runs shows as pending.
        WriteMigration("20240102000000", "select 1;");
        var later = await _http.GetFromJsonAsync<JsonElement>(new Uri(server.ApiUrl, "health"));
        Assert.Equal(1, later.GetProperty("migrations").GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task Embedded_mode_reports_503_when_the_database_is_down_and_a_restart_reuses_the_data()
    {
        var options = Options(null);
        WriteMigration("20240101000000", "create table public.kept (v text); insert into public.kept values ('first run');");
        await using (var server = await AgentHubServer.StartAsync(options, _ => { }))
        {
            Assert.True(server.EmbeddedDatabase);
            Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri(server.ApiUrl, "health"))).StatusCode);

            await server.Cluster!.StopAsync();
            using var down = await _http.GetAsync(new Uri(server.ApiUrl, "health"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            var body = await down.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("unhealthy", body.GetProperty("status").GetString());
            Assert.False(body.GetProperty("database").GetProperty("reachable").GetBoolean());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("database").GetProperty("error").GetString()));
        }

        await using var again = await AgentHubServer.StartAsync(options, _ => { });
        Assert.Equal("first run", await Sql.ScalarAsync<string>(again.Database, "select v from public.kept"));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(again.Database, "select count(*) from supabase_migrations.schema_migrations"));
    }

    [Fact]
    public async Task A_second_hub_on_the_same_data_folder_is_refused()
    {
        var options = Options(null);
        await using var first = await AgentHubServer.StartAsync(options, _ => { });
        var error = await Assert.ThrowsAsync<AgentHub.Postgres.Embedded.EmbeddedClusterException>(() => AgentHubServer.StartAsync(options, _ => { }));
        Assert.Contains($"pid {Environment.ProcessId}", error.Message);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(new Uri(first.ApiUrl, "health"))).StatusCode);
    }

    [Fact]
    public async Task A_failing_user_migration_stops_the_start_with_its_file_and_line()
    {
        var db = await postgres.CreateDatabaseAsync("health_badmigration");
        WriteMigration("20240101000000", "create table ok (id int);\nselect nope from ok;");
        var error = await Assert.ThrowsAsync<AgentHub.Postgres.Migrations.MigrationException>(() => AgentHubServer.StartAsync(Options(db.Url), _ => { }));
        Assert.Contains("20240101000000_m.sql failed at line 2", error.Message);
        Assert.Null(await Sql.ScalarAsync<string>(db, "select to_regclass('public.ok')::text"));
    }

    public void Dispose()
    {
        _http.Dispose();
        _work.Dispose();
    }
}
