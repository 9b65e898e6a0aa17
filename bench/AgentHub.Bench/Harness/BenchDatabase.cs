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
