using AgentHub.Testing;
using static AgentHub.Agents.Tests.AgentKitDatabase;

namespace AgentHub.Agents.Tests;

public sealed class RunTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_run_goes_through_verification_and_every_change_is_a_numbered_event()
    {
        var db = await CreateAsync(postgres, "runs_flow");
        var (tenant, agents) = await db.TenantWithAgentsAsync("runs", 1);
        var me = AgentOf(tenant, agents[0]);
        var run = await db.ScalarAsync<Guid>(me, "select (agenthub.start_run('summarise')).id");
        await db.ExecuteAsync(me, "select agenthub.update_run_progress($1, 'reading', 40)", run);
        await db.ExecuteAsync(me, "select agenthub.set_run_status($1, 'awaiting_verification')", run);
        await db.ExecuteAsync(me, "select agenthub.set_run_status($1, 'verification_in_progress')", run);
        await db.ExecuteAsync(me, "select agenthub.set_run_status($1, 'verification_passed', '{\"checked_by\":\"reviewer\"}')", run);
        await db.ExecuteAsync(me, "select agenthub.complete_run($1, '{\"summary\":\"done\"}')", run);

        Assert.Equal("completed", await db.ScalarAsync<string>(me, "select status::text from agenthub.runs where id = $1", run));
        Assert.Equal(100.0f, await db.ScalarAsync<float>(me, "select progress from agenthub.runs where id = $1", run));
        Assert.Equal("{\"summary\": \"done\"}", await db.ScalarAsync<string>(me, "select result::text from agenthub.runs where id = $1", run));
        var kinds = await db.ColumnAsync<string>(me, "select kind || ':' || coalesce(status::text, '') || ':' || seq from agenthub.run_events where run_id = $1 order by seq", run);
        Assert.Equal([
            "started:in_progress:1", "progress:in_progress:2", "status:awaiting_verification:3",
            "status:verification_in_progress:4", "status:verification_passed:5", "status:completed:6"], kinds);
        // Replay after a reconnect: only what came after the last seen sequence number.
        Assert.Equal([5L, 6L], await db.ColumnAsync<long>(me, "select seq from agenthub.run_events where run_id = $1 and seq > 4 order by seq", run));
    }

    [Fact]
    public async Task An_invalid_transition_is_refused_with_the_allowed_ones_in_the_hint()
    {
        var db = await CreateAsync(postgres, "runs_invalid");
        var (tenant, agents) = await db.TenantWithAgentsAsync("invalid", 1);
        var me = AgentOf(tenant, agents[0]);
        var run = await db.ScalarAsync<Guid>(me, "select (agenthub.start_run('x')).id");
        var error = await db.FailsAsync(me, "select agenthub.set_run_status($1, 'verification_passed')", run);
        Assert.Equal("P0001", error.SqlState);
        Assert.Equal("invalid run transition from in_progress to verification_passed", error.MessageText);
        Assert.Contains("awaiting_verification", error.Hint);

        await db.ExecuteAsync(me, "select agenthub.complete_run($1)", run);
        var finished = await db.FailsAsync(me, "select agenthub.update_run_progress($1, 'more', 50)", run);
        Assert.Equal("55000", finished.SqlState);
        Assert.Equal(2L, await db.ScalarAsync<long>(me, "select count(*) from agenthub.run_events where run_id = $1", run));
    }

    [Fact]
    public async Task Failed_verification_can_retry_or_escalate_to_a_human()
    {
        var db = await CreateAsync(postgres, "runs_escalate");
        var (tenant, agents) = await db.TenantWithAgentsAsync("escalate", 1);
        var me = AgentOf(tenant, agents[0]);
        var run = await db.ScalarAsync<Guid>(me, "select (agenthub.start_run('x')).id");
        foreach (var status in new[] { "awaiting_verification", "verification_in_progress", "verification_failed", "in_progress",
                                       "awaiting_verification", "verification_in_progress", "verification_failed", "escalated" })
        {
            await db.ExecuteAsync(me, "select agenthub.set_run_status($1, $2::agenthub.run_status)", run, status);
        }
        Assert.Equal("escalated", await db.ScalarAsync<string>(me, "select status::text from agenthub.runs where id = $1", run));
    }

    [Fact]
    public async Task Cancelling_a_run_cancels_its_child_runs_and_open_tasks()
    {
        var db = await CreateAsync(postgres, "runs_cancel");
        var (tenant, agents) = await db.TenantWithAgentsAsync("cancel", 2);
        var planner = AgentOf(tenant, agents[0]);
        var helper = AgentOf(tenant, agents[1]);
        var parent = await db.ScalarAsync<Guid>(planner, "select (agenthub.start_run('plan')).id");
        var child = await db.ScalarAsync<Guid>(helper, "select (agenthub.start_run('research', p_parent_run => $1)).id", parent);
        var grandchild = await db.ScalarAsync<Guid>(helper, "select (agenthub.start_run('dig', p_parent_run => $1)).id", child);
        var task = await db.ScalarAsync<Guid>(planner, "select (agenthub.enqueue_task('write', p_run_id => $1)).id", parent);

        await db.ExecuteAsync(planner, "select agenthub.cancel_run($1, 'user changed their mind')", parent);

        Assert.Equal(3L, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.runs where id = any($1) and status = 'cancelled'", new[] { parent, child, grandchild }));
        Assert.Equal("cancelled", await db.ScalarAsync<string>(Service, "select status::text from agenthub.tasks where id = $1", task));
        // An agent may not change another agent's run directly.
        var other = await db.ScalarAsync<Guid>(helper, "select (agenthub.start_run('mine')).id");
        Assert.Equal("42501", (await db.FailsAsync(planner, "select agenthub.complete_run($1)", other)).SqlState);
    }

    [Fact]
    public async Task Runs_without_updates_are_flagged_stuck_once_and_success_rates_are_per_agent()
    {
        var db = await CreateAsync(postgres, "runs_stuck");
        var (tenant, agents) = await db.TenantWithAgentsAsync("stuck", 1);
        var me = AgentOf(tenant, agents[0]);
        var idle = await db.ScalarAsync<Guid>(me, "select (agenthub.start_run('idle')).id");
        var ok = await db.ScalarAsync<Guid>(me, "select (agenthub.start_run('ok')).id");
        var bad = await db.ScalarAsync<Guid>(me, "select (agenthub.start_run('bad')).id");
        await db.ExecuteAsync(me, "select agenthub.complete_run($1)", ok);
        await db.ExecuteAsync(me, "select agenthub.fail_run($1, '{\"e\":1}')", bad);
        await db.ExecuteAsync(Service, "update agenthub.runs set updated_at = now() - interval '1 hour' where id = $1", idle);

        Assert.Equal([idle], await db.ColumnAsync<Guid>(Service, "select id from agenthub.flag_stuck_runs(interval '10 minutes')"));
        Assert.Empty(await db.ColumnAsync<Guid>(Service, "select id from agenthub.flag_stuck_runs(interval '10 minutes')"));
        Assert.Equal("stuck", await db.ScalarAsync<string>(me, "select kind from agenthub.run_events where run_id = $1 order by seq desc limit 1", idle));
        Assert.Equal(50.0m, await db.ScalarAsync<decimal>(me, "select success_rate from agenthub.agent_success_rates where agent_id = $1", agents[0]));
    }
}
