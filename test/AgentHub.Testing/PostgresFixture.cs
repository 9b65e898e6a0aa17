using AgentHub.Postgres;
using AgentHub.Postgres.Embedded;
using Npgsql;
using Xunit;

namespace AgentHub.Testing;

/// <summary>
/// One real PostgreSQL cluster for a whole test assembly, created and started by AgentHub's own
/// <see cref="EmbeddedCluster"/> (the code <c>serve</c> uses) in a temporary folder on a free port,
/// with logical replication on. Register it with
/// <c>[assembly: AssemblyFixture(typeof(PostgresFixture))]</c>; each test class then asks for its
/// own database with <see cref="CreateDatabaseAsync"/>.
/// </summary>
/// <remarks>
/// Durable writes are off (fsync, synchronous_commit), which makes the suite several times faster
/// on a small machine; crash-safety of the cluster code itself is tested with its own durable clusters.
/// </remarks>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly TempFolder _folder = new("cluster");
    private EmbeddedCluster? _cluster;
    private int _databases;

    /// <summary>Superuser endpoint of the shared cluster.</summary>
    public DatabaseEndpoint Endpoint => _cluster?.Endpoint ?? throw new InvalidOperationException("The test cluster has not started.");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _cluster = new EmbeddedCluster(new EmbeddedClusterOptions
        {
            DataDirectory = _folder.Path,
            Port = FreePort.Next(),
            DurableWrites = false,
        });
        await _cluster.StartAsync();
    }

    /// <summary>Creates a fresh, empty database named after <paramref name="purpose"/> and returns its superuser endpoint.</summary>
    public async Task<DatabaseEndpoint> CreateDatabaseAsync(string purpose)
    {
        var safe = new string(purpose.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray());
        var name = $"t{Interlocked.Increment(ref _databases)}_{safe}";
        if (name.Length > 60) name = name[..60];
        await using var connection = new NpgsqlConnection(Endpoint.ConnectionString());
        await connection.OpenAsync();
        // The name is built from [a-z0-9_] only, so it is a safe identifier; CREATE DATABASE takes no parameters.
        await using (var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection)) await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"create database \"{name}\"", connection)) await create.ExecuteNonQueryAsync();
        return Endpoint.WithDatabase(name);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.StopAsync();
        NpgsqlConnection.ClearAllPools();
        _folder.Dispose();
    }
}
