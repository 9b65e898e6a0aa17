using AgentHub.Postgres;
using AgentHub.Postgres.Embedded;
using AgentHub.Postgres.Migrations;
using Npgsql;

namespace AgentHub.Bench.Harness;

/// <summary>
/// A PostgreSQL cluster for a benchmark run, started by AgentHub's own embedded-cluster code in a
/// temporary folder. fsync is off (DurableWrites=false) so that the disk of the machine does not
/// dominate; every subject runs on this same cluster, so the comparison stays fair.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "agenthub-bench", Guid.NewGuid().ToString("N")[..12]);
    private EmbeddedCluster? _cluster;

    public DatabaseEndpoint Server => _cluster!.Endpoint;

    public async Task StartAsync()
    {
        Directory.CreateDirectory(_folder);
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _cluster = new EmbeddedCluster(new EmbeddedClusterOptions { DataDirectory = _folder, Port = port, DurableWrites = false });
        await _cluster.StartAsync();
        if (StatementStats)
        {
            // Profiling only (it costs a little on every statement): nested statements too, so the
            // time inside plpgsql functions and triggers shows up line by line.
            await ExecuteAsync("alter system set shared_preload_libraries = 'pg_stat_statements'");
            await _cluster.StopAsync();
            NpgsqlConnection.ClearAllPools();
            await _cluster.StartAsync();
            await ExecuteAsync("create extension if not exists pg_stat_statements");
            await ExecuteAsync("alter system set pg_stat_statements.track = 'all'");
            await ExecuteAsync("select pg_reload_conf()");
        }
    }

    /// <summary>AGENTHUB_BENCH_PG_STATS=1 loads pg_stat_statements and prints the top statements of each subject.</summary>
    public static bool StatementStats => Environment.GetEnvironmentVariable("AGENTHUB_BENCH_PG_STATS") == "1";

    /// <summary>The statements of one database that took the most time, as (calls, total ms, mean ms, text).</summary>
    public async Task<List<(long Calls, double TotalMs, double MeanMs, string Query)>> TopStatementsAsync(string database, int count)
    {
        var top = new List<(long, double, double, string)>();
        if (!StatementStats) return top;
        await using var connection = new NpgsqlConnection(Server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select calls, total_exec_time, mean_exec_time, regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements " +
            "where dbid = (select oid from pg_database where datname = $1) order by total_exec_time desc limit $2", connection)
        {
            Parameters = { new() { Value = database }, new() { Value = count } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) top.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetString(3)));
        return top;
    }

    /// <summary>A fresh database, with AgentHub's platform track applied when asked.</summary>
    public async Task<DatabaseEndpoint> CreateDatabaseAsync(string name, bool withPlatform)
    {
        await using (var connection = new NpgsqlConnection(Server.ConnectionString()))
        {
            await connection.OpenAsync();
            // name is one of the benchmark's own fixed identifiers.
            await using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var endpoint = Server.WithDatabase(name);
        if (withPlatform) await new MigrationRunner(endpoint.ConnectionString()).ApplyAsync(MigrationTrack.Platform());
        return endpoint;
    }

    /// <summary>The postmaster's process id (first line of postmaster.pid), for CPU accounting; 0 when unknown.</summary>
    public int PostmasterPid
    {
        get
        {
            try { return int.Parse(File.ReadLines(Path.Combine(_cluster!.PgData, "postmaster.pid")).First()); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return 0; }
        }
    }

    /// <summary>Runs one of the benchmark's own fixed statements as the superuser on the postgres database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server.ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.StopAsync();
        NpgsqlConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
