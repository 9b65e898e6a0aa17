using AgentHub.Server.Configuration;
using AgentHub.Testing;
using Npgsql;

namespace AgentHub.Server.Tests;

/// <summary>The hub's agent-kit sweeper, running inside a real hub against a real database.</summary>
public sealed class AgentKitSweeperTests(PostgresFixture postgres) : IDisposable
{
    private readonly TempFolder _work = new("sweeper");

    [Fact]
    public async Task Expired_leases_go_back_to_the_queue_and_idle_runs_are_flagged_stuck_by_the_running_hub()
    {
        var db = await postgres.CreateDatabaseAsync("sweeper");
        var options = new AgentHubOptions
        {
            Port = 0,
            DataDir = Path.Combine(_work.Path, ".agenthub"),
            Database = { Url = db.Url },
            Migrations = { Directory = Path.Combine(_work.Path, "none") },
            Agents = { LeaseSweepSeconds = 1, StuckRunMinutes = 0.02, StuckRunCheckSeconds = 1 },
        };
        await using var hub = await AgentHubServer.StartAsync(options, _ => { });

        var tenant = await Sql.ScalarAsync<Guid>(db, "insert into agenthub.tenants (slug, name) values ('sweep', 'sweep') returning id");
        var agent = await Sql.ScalarAsync<Guid>(db, "insert into agenthub.agents (tenant_id, name) values ($1, 'hangs') returning id", tenant);
        var claims = $$"""{"role":"authenticated","tenant_id":"{{tenant}}","agent_id":"{{agent}}"}""";
        await AsAgentAsync(db, claims, "select agenthub.enqueue_task('t', p_max_attempts => 5)");
        await AsAgentAsync(db, claims, "select count(*) from agenthub.claim_tasks(1, 1)");
        await AsAgentAsync(db, claims, "select agenthub.start_run('goes quiet')");
        Assert.Equal("running", await Sql.ScalarAsync<string>(db, "select status::text from agenthub.tasks"));

        await WaitUntilAsync(async () => await Sql.ScalarAsync<string>(db, "select status::text from agenthub.tasks") == "pending");
        Assert.Null(await Sql.ScalarAsync<Guid?>(db, "select claimed_by from agenthub.tasks"));
        await WaitUntilAsync(async () => await Sql.ScalarAsync<long>(db, "select count(*) from agenthub.run_events where kind = 'stuck'") == 1);
        Assert.NotNull(await Sql.ScalarAsync<DateTime?>(db, "select stuck_at from agenthub.runs"));
    }

    private static async Task AsAgentAsync(AgentHub.Postgres.DatabaseEndpoint db, string claims, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString());
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var set = new NpgsqlCommand("select set_config('request.jwt.claims', $1, true)", connection, tx) { Parameters = { new() { Value = claims } } })
        {
            await set.ExecuteNonQueryAsync();
        }
        await using (var command = new NpgsqlCommand(sql, connection, tx)) await command.ExecuteNonQueryAsync();
        await tx.CommitAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the sweeper did not act within 15 s");
            await Task.Delay(100);
        }
    }

    public void Dispose() => _work.Dispose();
}
