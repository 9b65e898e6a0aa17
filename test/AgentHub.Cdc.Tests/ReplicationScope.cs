using System.Runtime.CompilerServices;
using AgentHub.Postgres;
using AgentHub.Testing;
using Npgsql;

namespace AgentHub.Cdc.Tests;

/// <summary>
/// One test's replication sandbox, in the spirit of Npgsql's SafeReplicationTestBase: its own
/// database (with a publication of all its tables), slot and publication names derived from the
/// test name, workers that are stopped and a slot that is dropped in <see cref="DisposeAsync"/>,
/// even when the test failed (slots are cluster-wide and would pin WAL for every other test).
/// </summary>
internal sealed class ReplicationScope : IAsyncDisposable
{
    private static int s_counter;
    private readonly List<ReplicationWorker> _workers = [];

    private ReplicationScope(DatabaseEndpoint endpoint, string name)
    {
        Endpoint = endpoint;
        SlotName = $"s_{name}";
        PublicationName = $"p_{name}";
    }

    public DatabaseEndpoint Endpoint { get; }

    public string SlotName { get; }

    public string PublicationName { get; }

    public static Task<ReplicationScope> CreateAsync(PostgresFixture postgres, [CallerMemberName] string test = "") =>
        CreateAsync(postgres.CreateDatabaseAsync, test);

    public static async Task<ReplicationScope> CreateAsync(Func<string, Task<DatabaseEndpoint>> createDatabase, string test)
    {
        var safe = new string(test.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray());
        var name = $"{(safe.Length > 40 ? safe[..40] : safe)}_{Interlocked.Increment(ref s_counter)}_{Environment.ProcessId % 10000}";
        var endpoint = await createDatabase(safe.Length > 40 ? safe[..40] : safe);
        var scope = new ReplicationScope(endpoint, name);
        await scope.ExecuteAsync($"create publication {scope.PublicationName} for all tables");
        return scope;
    }

    public ReplicationOptions Options(Action<ReplicationOptionsBuilder>? configure = null)
    {
        var builder = new ReplicationOptionsBuilder();
        configure?.Invoke(builder);
        return new ReplicationOptions
        {
            ConnectionString = Endpoint.ConnectionString("agenthub-cdc-tests"),
            SlotName = SlotName,
            PublicationName = PublicationName,
            MaxBatchSize = builder.MaxBatchSize,
            StatusInterval = builder.StatusInterval,
            StandbyPollInterval = TimeSpan.FromMilliseconds(300),
            MinRetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
        };
    }

    /// <summary>Starts a worker and waits until it streams (so the slot exists and later commits are captured).</summary>
    public async Task<ReplicationWorker> StartWorkerAsync(IChangeConsumer consumer, ReplicationOptions? options = null, bool waitForStreaming = true)
    {
        var worker = new ReplicationWorker(options ?? Options(), consumer);
        _workers.Add(worker);
        await worker.StartAsync(CancellationToken.None);
        if (waitForStreaming) await WaitForAsync(() => worker.Status.State == ReplicationState.Streaming, "the worker to stream", worker);
        return worker;
    }

    public static async Task StopAsync(ReplicationWorker worker)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await worker.StopAsync(timeout.Token);
        worker.Dispose();
    }

    public static async Task WaitForAsync(Func<bool> condition, string what, ReplicationWorker? worker = null, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}." + (worker is null ? "" : $" Worker status: {worker.Status}"));
            }
            await Task.Delay(25);
        }
    }

    public Task ExecuteAsync(string sql) => Sql.ExecuteAsync(Endpoint, sql);

    public Task<T?> ScalarAsync<T>(string sql, params object[] parameters) => Sql.ScalarAsync<T>(Endpoint, sql, parameters);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            try
            {
                await StopAsync(worker);
            }
            catch (Exception)
            {
                // Best effort: the slot below is what must not leak.
            }
        }
        await DropSlotAsync(Endpoint, SlotName);
    }

    public static async Task DropSlotAsync(DatabaseEndpoint endpoint, string slot)
    {
        await using var connection = new NpgsqlConnection(endpoint.ConnectionString("agenthub-cdc-tests"));
        await connection.OpenAsync();
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await using (var terminate = new NpgsqlCommand("select pg_terminate_backend(active_pid) from pg_replication_slots where slot_name = $1 and active_pid is not null", connection))
            {
                terminate.Parameters.Add(new NpgsqlParameter { Value = slot });
                await terminate.ExecuteNonQueryAsync();
            }
            try
            {
                await using var drop = new NpgsqlCommand("select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1", connection);
                drop.Parameters.Add(new NpgsqlParameter { Value = slot });
                await drop.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                await Task.Delay(250);
            }
        }
    }
}

internal sealed class ReplicationOptionsBuilder
{
    public int MaxBatchSize { get; set; } = 1000;

    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(1);
}
