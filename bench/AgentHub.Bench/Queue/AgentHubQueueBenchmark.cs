using System.Diagnostics;
using AgentHub.Bench.Harness;
using AgentHub.Postgres;
using Npgsql;

namespace AgentHub.Bench.Queue;

/// <summary>
/// AgentHub's task queue through its SQL functions, the way agents call them: every call carries the
/// agent's claims (set_config in the same round trip) and runs the security-definer function.
/// Enqueue all tasks, then W agents claim (one or a batch at a time) and complete until the queue is empty.
/// </summary>
internal static class AgentHubQueueBenchmark
{
    public static async Task<BenchResult> RunAsync(DatabaseEndpoint db, int workers, int batch, int tasks)
    {
        var tenant = await ScalarAsync<Guid>(db, null, "insert into agenthub.tenants (slug, name) values ($1, $1) returning id", $"bench-{workers}-{batch}");
        var agents = new Guid[workers];
        for (var i = 0; i < workers; i++)
        {
            agents[i] = await ScalarAsync<Guid>(db, null, "insert into agenthub.agents (tenant_id, name) values ($1, $2) returning id", tenant, $"w{i}");
        }

        var started = Stopwatch.GetTimestamp();
        await ScalarAsync<long>(db, """{"role":"service_role"}""",
            "select count(agenthub.enqueue_task('work', jsonb_build_object('n', n), p_tenant => $1)) from generate_series(1, $2) n", tenant, tasks);

        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(db.ConnectionString("bench")) { MaxPoolSize = workers + 2 }.ConnectionString);
        var completed = 0L;
        var loops = agents.Select(agent => Task.Run(async () =>
        {
            var claims = $$"""{"role":"authenticated","tenant_id":"{{tenant}}","agent_id":"{{agent}}"}""";
            await using var connection = await source.OpenConnectionAsync();
            var ids = await ClaimAsync(connection, claims, batch);
            while (ids.Count > 0)
            {
                // What the SDK's agent runtime does: the completions go with the next claim, in one
                // round trip and one transaction (complete_and_claim for the last of a batch).
                var (done, next) = await CompleteAndClaimAsync(connection, claims, ids, batch);
                Interlocked.Add(ref completed, done);
                ids = next;
            }
        }));
        await Task.WhenAll(loops);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // Throughput only: the queues measure latency differently (wait in queue vs. call time),
        // so per-task latencies would not compare like with like.
        var error = completed == tasks ? null : $"completed {completed} of {tasks}";
        return new BenchResult("queue", batch == 1 ? "enqueue+claim+complete, single claims" : $"enqueue+claim+complete, claims of {batch}",
            "agenthub", workers, completed, seconds, Error: error);
    }

    /// <summary>What the data API does before an agent's RPC: its claims and the authenticated role, transaction-local.</summary>
    private const string SetClaims = "select set_config('request.jwt.claims', $1, true), set_config('role', 'authenticated', true)";

    private static async Task<List<Guid>> ClaimAsync(NpgsqlConnection connection, string claims, int batch)
    {
        await using var command = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new(SetClaims) { Parameters = { new() { Value = claims } } },
                new("select id from agenthub.claim_tasks($1, 60)") { Parameters = { new() { Value = batch } } },
            },
        };
        var ids = new List<Guid>(batch);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>
    /// The completions and the next claim in one batch (one implicit transaction, one round trip):
    /// complete_and_claim for a single task, complete_tasks then claim_tasks for a batch. Returns the
    /// next claimed ids.
    /// </summary>
    private static async Task<(int Completed, List<Guid> Next)> CompleteAndClaimAsync(NpgsqlConnection connection, string claims, List<Guid> tasks, int batch)
    {
        await using var command = new NpgsqlBatch(connection)
        {
            BatchCommands = { new(SetClaims) { Parameters = { new() { Value = claims } } } },
        };
        if (tasks.Count == 1)
        {
            command.BatchCommands.Add(new("select id from agenthub.complete_and_claim($1, '{\"ok\":true}', p_max => $2, p_lease_seconds => 60)")
            {
                Parameters = { new() { Value = tasks[0] }, new() { Value = batch } },
            });
        }
        else
        {
            var completions = "[" + string.Join(",", tasks.Select(id => "{\"id\":\"" + id + "\",\"result\":{\"ok\":true}}")) + "]";
            command.BatchCommands.Add(new("select count(*) from agenthub.complete_tasks($1::jsonb)") { Parameters = { new() { Value = completions } } });
            command.BatchCommands.Add(new("select id from agenthub.claim_tasks($1, 60)") { Parameters = { new() { Value = batch } } });
        }
        var next = new List<Guid>(batch);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        if (tasks.Count > 1) await reader.NextResultAsync();
        while (await reader.ReadAsync()) next.Add(reader.GetGuid(0));
        return (tasks.Count, next);
    }

    private static async Task<T> ScalarAsync<T>(DatabaseEndpoint db, string? claims, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString("bench"));
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (claims is not null)
        {
            await using var set = new NpgsqlCommand("select set_config('request.jwt.claims', $1, true)", connection, tx) { Parameters = { new() { Value = claims } } };
            await set.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        var result = (T)(await command.ExecuteScalarAsync())!;
        await tx.CommitAsync();
        return result;
    }
}
