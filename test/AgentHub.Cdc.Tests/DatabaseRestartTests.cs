using AgentHub.Postgres.Embedded;
using AgentHub.Testing;

namespace AgentHub.Cdc.Tests;

/// <summary>
/// A database restart in the middle of streaming, on a cluster of its own (the shared fixture
/// cluster cannot be restarted under the other tests): the worker reconnects with backoff, resumes
/// from the slot, and loses nothing committed while the database was coming back.
/// </summary>
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new("cdc-restart");
    private readonly int _port = FreePort.Next();
    private EmbeddedCluster? _cluster;

    public async ValueTask InitializeAsync()
    {
        _cluster = NewCluster();
        await _cluster.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.StopAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        _folder.Dispose();
    }

    private EmbeddedCluster NewCluster() => new(new EmbeddedClusterOptions { DataDirectory = _folder.Path, Port = _port, DurableWrites = false });

    [Fact]
    public async Task The_worker_survives_a_database_restart_and_resumes_from_the_slot()
    {
        var endpoint = _cluster!.Endpoint;
        await using var scope = await ReplicationScope.CreateAsync(async name =>
        {
            await Sql.ExecuteAsync(endpoint, $"create database {name}");
            return endpoint.WithDatabase(name);
        }, "restart");
        await scope.ExecuteAsync("create table t (id int primary key)");
        var consumer = new RecordingConsumer();
        var worker = await scope.StartWorkerAsync(consumer);
        await scope.ExecuteAsync("insert into t values (1)");
        await consumer.WaitForEventsAsync(1);

        await _cluster.StopAsync();
        await ReplicationScope.WaitForAsync(() => worker.Status.State == ReplicationState.Recovering, "the worker to notice", worker);
        _cluster = NewCluster();
        await _cluster.StartAsync();
        // The test's own pooled connections died with the server.
        Npgsql.NpgsqlConnection.ClearAllPools();
        // Committed before the worker is back: the slot must still hand it over.
        await scope.ExecuteAsync("insert into t values (2)");

        await ReplicationScope.WaitForAsync(() => worker.Status.State == ReplicationState.Streaming, "the worker to reconnect", worker, seconds: 60);
        await scope.ExecuteAsync("insert into t values (3)");
        var events = await consumer.WaitForEventsAsync(3);
        Assert.Equal(["1", "2", "3"], events.Select(e => e.Record!["id"].Text));
        Assert.Equal(0, worker.Status.ConsecutiveFailures);
    }
}
