using System.Collections.Concurrent;
using AgentHub.Testing;
using static AgentHub.Agents.Tests.AgentKitDatabase;

namespace AgentHub.Agents.Tests;

public sealed class TaskQueueTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Complete_and_claim_hands_over_the_next_task_and_claims_nothing_when_the_completion_is_refused()
    {
        var db = await CreateAsync(postgres, "queue_handover");
        var (tenant, agents) = await db.TenantWithAgentsAsync("handover", 2);
        var (me, other) = (AgentOf(tenant, agents[0]), AgentOf(tenant, agents[1]));
        var low = await db.ScalarAsync<Guid>(me, "select (agenthub.enqueue_task('low', p_priority => 1)).id");
        var high = await db.ScalarAsync<Guid>(me, "select (agenthub.enqueue_task('high', p_priority => 9)).id");
        var third = await db.ScalarAsync<Guid>(me, "select (agenthub.enqueue_task('third', p_priority => 0)).id");
        var first = Assert.Single(await db.ColumnAsync<Guid>(me, "select id from agenthub.claim_tasks(1)"));
        Assert.Equal(high, first);

        var next = await db.ColumnAsync<Guid>(me, "select id from agenthub.complete_and_claim($1, '{\"ok\":1}', p_execution_ms => 5, p_max => 2)", high);
        Assert.Equal([low, third], next);
        Assert.Equal("completed/5/1", await db.ScalarAsync<string>(Service, "select status || '/' || execution_ms || '/' || (result->>'ok') from agenthub.tasks where id = $1", high));
        Assert.Equal(1L, await db.ScalarAsync<long>(Service, "select tasks_completed from agenthub.agents where id = $1", agents[0]));

        // Another agent cannot complete these; its call fails as complete_task does and claims nothing.
        await db.ExecuteAsync(me, "select agenthub.enqueue_task('fourth')");
        Assert.Equal("55000", (await db.FailsAsync(other, "select * from agenthub.complete_and_claim($1)", low)).SqlState);
        Assert.Equal(1L, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.tasks where status = 'pending'"));
    }

    [Fact]
    public async Task Complete_tasks_completes_a_batch_in_one_call_or_none_of_it()
    {
        var db = await CreateAsync(postgres, "queue_batch_complete");
        var (tenant, agents) = await db.TenantWithAgentsAsync("batch-complete", 2);
        var (me, other) = (AgentOf(tenant, agents[0]), AgentOf(tenant, agents[1]));
        await db.ExecuteAsync(me, "select agenthub.enqueue_task('t' || n) from generate_series(1, 4) n");
        var mine = await db.ColumnAsync<Guid>(me, "select id from agenthub.claim_tasks(3)");
        var theirs = Assert.Single(await db.ColumnAsync<Guid>(other, "select id from agenthub.claim_tasks(1)"));
        string Completions(IEnumerable<Guid> ids) => "[" + string.Join(",", ids.Select((id, i) => $$"""{"id":"{{id}}","result":{"n":{{i}}},"quality_score":0.5,"execution_ms":{{i * 10}}}""")) + "]";

        // One task that is not mine: nothing is completed, and the error says which.
        var refused = await db.FailsAsync(me, "select count(*) from agenthub.complete_tasks($1::jsonb)", Completions(mine.Append(theirs)));
        Assert.Equal("55000", refused.SqlState);
        Assert.Contains(theirs.ToString(), refused.MessageText);
        Assert.Equal(0L, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.tasks where status = 'completed'"));
        Assert.Equal("55000", (await db.FailsAsync(me, "select count(*) from agenthub.complete_tasks($1::jsonb)", Completions([mine[0], mine[0]]))).SqlState);

        Assert.Equal(3L, await db.ScalarAsync<long>(me, "select count(*) from agenthub.complete_tasks($1::jsonb)", Completions(mine)));
        Assert.Equal("0,1,2", await db.ScalarAsync<string>(Service, "select string_agg(result->>'n', ',' order by result->>'n') from agenthub.tasks where status = 'completed' and quality_score = 0.5"));
        Assert.Equal(3L, await db.ScalarAsync<long>(Service, "select tasks_completed from agenthub.agents where id = $1", agents[0]));
        Assert.Equal(3L, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.audit_events where entity = 'tasks' and changes ->> 'status' = 'completed'"));
    }

    [Fact]
    public async Task Claimable_work_is_announced_once_per_tenant_per_transaction_on_the_tenant_channel()
    {
        var db = await CreateAsync(postgres, "queue_announce");
        var (tenant, agents) = await db.TenantWithAgentsAsync("announce", 1);
        var (otherTenant, _) = await db.TenantWithAgentsAsync("announce-other", 1);
        var me = AgentOf(tenant, agents[0]);
        var topic = $"tenant:{tenant}";
        async Task<string> Announcements() => await db.ScalarAsync<string>(Service,
            "select coalesce(string_agg(payload->>'reason', ',' order by inserted_at, id), '') from realtime.messages where topic = $1 and event = 'tasks_available' and private", topic);

        // Three tasks in one transaction: one announcement; none for the other tenant.
        await db.ExecuteAsync(me, "select agenthub.enqueue_task('a'), agenthub.enqueue_task('b'), agenthub.enqueue_task('c')");
        Assert.Equal("enqueued", await Announcements());
        Assert.Equal(0L, await db.ScalarAsync<long>(Service, "select count(*) from realtime.messages where topic = $1", $"tenant:{otherTenant}"));

        // Claiming and completing work nothing depends on makes nothing new claimable.
        var claimed = await db.ColumnAsync<Guid>(me, "select id from agenthub.claim_tasks(3, 60)");
        await db.ExecuteAsync(me, "select agenthub.complete_task($1)", claimed[0]);
        Assert.Equal("enqueued", await Announcements());

        // A retry waiting out its backoff is not claimable yet; a failed task going back at once is.
        await db.ExecuteAsync(me, "select agenthub.fail_task($1, '{}', true)", claimed[1]);
        Assert.Equal("enqueued", await Announcements());
        await db.ExecuteAsync(me, "select agenthub.retry_task($1)", claimed[1]);
        Assert.Equal("enqueued,pending", await Announcements());

        // A task others wait for: its completion is announced. A task that is not due yet is not.
        var blocker = await db.ScalarAsync<Guid>(me, "select (agenthub.enqueue_task('blocker')).id");
        await db.ExecuteAsync(me, "select agenthub.enqueue_task('blocked', p_depends_on => array[$1::uuid])", blocker);
        await db.ExecuteAsync(me, "select agenthub.enqueue_task('later', p_run_after => now() + interval '1 second')");
        Assert.Equal("enqueued,pending,enqueued,enqueued", await Announcements());
        var held = await db.ColumnAsync<Guid>(me, "select id from agenthub.claim_tasks(10, 60)");
        Assert.Contains(blocker, held);
        await db.ExecuteAsync(me, "select agenthub.complete_task($1)", blocker);
        Assert.Equal("enqueued,pending,enqueued,enqueued,dependency completed", await Announcements());

        // Delayed tasks that fell due are announced by the hub's sweeper, once it asks.
        Assert.Equal(0, await db.ScalarAsync<int>(Service, "select agenthub.announce_due_tasks(now() - interval '1 minute')"));
        await Task.Delay(1200);
        Assert.Equal(1, await db.ScalarAsync<int>(Service, "select agenthub.announce_due_tasks(now() - interval '1 minute')"));
        Assert.Equal("enqueued,pending,enqueued,enqueued,dependency completed,due", await Announcements());
        Assert.Equal(0, await db.ScalarAsync<int>(Service, "select agenthub.announce_due_tasks(now())"));
        Assert.Equal("42501", (await db.FailsAsync(me, "select agenthub.announce_due_tasks(now())")).SqlState);
    }

    [Fact]
    public async Task Eight_concurrent_agents_drain_ten_thousand_tasks_each_completed_exactly_once()
    {
        const int taskCount = 10_000;
        var db = await CreateAsync(postgres, "queue_drain");
        var (tenant, agents) = await db.TenantWithAgentsAsync("drain", 8);
        await db.ExecuteAsync(Service,
            "select count(agenthub.enqueue_task('work', jsonb_build_object('n', n), p_tenant => $1)) from generate_series(1, $2) n", tenant, taskCount);

        var completions = new ConcurrentBag<Guid>();
        var workers = agents.Select(agent => Task.Run(async () =>
        {
            var me = AgentOf(tenant, agent);
            while (true)
            {
                var claimed = await db.ColumnAsync<Guid>(me, "select id from agenthub.claim_tasks(25, 60)");
                if (claimed.Count == 0) return;
                foreach (var id in claimed)
                {
                    await db.ExecuteAsync(me, "select agenthub.complete_task($1, '{\"ok\":true}')", id);
                    completions.Add(id);
                }
            }
        }));
        await Task.WhenAll(workers);

        Assert.Equal(taskCount, completions.Count);
        Assert.Equal(taskCount, completions.Distinct().Count());
        Assert.Equal((long)taskCount, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.tasks where status = 'completed' and attempts = 1"));
        Assert.Equal((long)taskCount, await db.ScalarAsync<long>(Service, "select sum(tasks_completed)::bigint from agenthub.agents where tenant_id = $1", tenant));
        // Every agent took part: SKIP LOCKED spreads the work instead of serialising it.
        Assert.Equal(8L, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.agents where tenant_id = $1 and tasks_completed > 0", tenant));
    }

    [Fact]
    public async Task Claims_follow_priority_then_age_and_respect_capabilities_targets_and_start_times()
    {
        var db = await CreateAsync(postgres, "queue_order");
        var (tenant, agents) = await db.TenantWithAgentsAsync("order", 2, ["search"]);
        var me = AgentOf(tenant, agents[0]);
        await db.ExecuteAsync(Service, """
            select agenthub.enqueue_task('low', p_priority => 1, p_tenant => $1);
            """, tenant);
        await db.ExecuteAsync(Service, "select agenthub.enqueue_task('high-old', p_priority => 5, p_tenant => $1)", tenant);
        await db.ExecuteAsync(Service, "select agenthub.enqueue_task('high-new', p_priority => 5, p_tenant => $1)", tenant);
        await db.ExecuteAsync(Service, "select agenthub.enqueue_task('needs-gpu', p_priority => 9, p_required_capabilities => '{gpu}', p_tenant => $1)", tenant);
        await db.ExecuteAsync(Service, "select agenthub.enqueue_task('for-other', p_priority => 9, p_target_agent => $2, p_tenant => $1)", tenant, agents[1]);
        await db.ExecuteAsync(Service, "select agenthub.enqueue_task('later', p_priority => 9, p_run_after => now() + interval '1 hour', p_tenant => $1)", tenant);
        await db.ExecuteAsync(Service, "select agenthub.enqueue_task('can-search', p_priority => 3, p_required_capabilities => '{search}', p_tenant => $1)", tenant);

        var order = await db.ColumnAsync<string>(me, "select type from agenthub.claim_tasks(10) order by priority desc, created_at");
        Assert.Equal(["high-old", "high-new", "can-search", "low"], order);
        Assert.Equal(["for-other"], await db.ColumnAsync<string>(AgentOf(tenant, agents[1]), "select type from agenthub.claim_tasks(10)"));
    }

    [Fact]
    public async Task Dependencies_gate_claims_until_they_complete()
    {
        var db = await CreateAsync(postgres, "queue_deps");
        var (tenant, agents) = await db.TenantWithAgentsAsync("deps", 1);
        var me = AgentOf(tenant, agents[0]);
        var research = await db.ScalarAsync<Guid>(Service, "select (agenthub.enqueue_task('research', p_tenant => $1)).id", tenant);
        await db.ScalarAsync<Guid>(Service, "select (agenthub.enqueue_task('write', p_priority => 10, p_depends_on => array[$2]::uuid[], p_tenant => $1)).id", tenant, research);

        Assert.Equal(["research"], await db.ColumnAsync<string>(me, "select type from agenthub.claim_tasks(10)"));
        Assert.Empty(await db.ColumnAsync<string>(me, "select type from agenthub.claim_tasks(10)"));
        await db.ExecuteAsync(me, "select agenthub.complete_task($1)", research);
        Assert.Equal(["write"], await db.ColumnAsync<string>(me, "select type from agenthub.claim_tasks(10)"));
    }

    [Fact]
    public async Task Failures_retry_after_a_backoff_and_the_last_attempt_makes_the_task_dead()
    {
        var db = await CreateAsync(postgres, "queue_retry");
        var (tenant, agents) = await db.TenantWithAgentsAsync("retry", 1);
        var me = AgentOf(tenant, agents[0]);
        var task = await db.ScalarAsync<Guid>(Service, "select (agenthub.enqueue_task('flaky', p_max_attempts => 2, p_tenant => $1)).id", tenant);

        await db.ColumnAsync<Guid>(me, "select id from agenthub.claim_tasks()");
        await db.ExecuteAsync(me, "select agenthub.fail_task($1, '{\"why\":\"timeout\"}')", task);
        Assert.Equal("pending", await db.ScalarAsync<string>(Service, "select status::text from agenthub.tasks where id = $1", task));
        var delay = await db.ScalarAsync<double>(Service, "select extract(epoch from run_after - now())::float8 from agenthub.tasks where id = $1", task);
        Assert.InRange(delay, 1.0, 5.0); // base 5 s with jitter in [0.5, 1)
        Assert.Empty(await db.ColumnAsync<Guid>(me, "select id from agenthub.claim_tasks()"));

        await db.ExecuteAsync(Service, "update agenthub.tasks set run_after = now() where id = $1", task);
        Assert.Single(await db.ColumnAsync<Guid>(me, "select id from agenthub.claim_tasks()"));
        await db.ExecuteAsync(me, "select agenthub.fail_task($1, '{\"why\":\"again\"}')", task);
        Assert.Equal("dead", await db.ScalarAsync<string>(Service, "select status::text from agenthub.tasks where id = $1", task));
        Assert.Equal(2L, await db.ScalarAsync<long>(Service, "select tasks_failed from agenthub.agents where id = $1", agents[0]));
    }

    [Fact]
    public async Task An_agent_going_offline_returns_its_tasks_at_once_and_expired_leases_do_the_same()
    {
        var db = await CreateAsync(postgres, "queue_release");
        var (tenant, agents) = await db.TenantWithAgentsAsync("release", 2);
        await db.ExecuteAsync(Service, "select count(agenthub.enqueue_task('t', p_tenant => $1)) from generate_series(1, 4)", tenant);
        var crashed = AgentOf(tenant, agents[0]);
        var held = await db.ColumnAsync<Guid>(crashed, "select id from agenthub.claim_tasks(3, 3600)");
        Assert.Equal(3, held.Count);

        Assert.Equal(3, await db.ScalarAsync<int>(Service, "select agenthub.agent_offline($1)", agents[0]));
        Assert.Equal(4, (await db.ColumnAsync<Guid>(AgentOf(tenant, agents[1]), "select id from agenthub.claim_tasks(10, 1)")).Count);
        var error = await db.FailsAsync(crashed, "select agenthub.complete_task($1)", held[0]);
        Assert.Equal("55000", error.SqlState);

        await Task.Delay(1100);
        Assert.Equal(4, await db.ScalarAsync<int>(Service, "select agenthub.expire_task_leases()"));
        Assert.Equal(4L, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.tasks where status = 'pending' and claimed_by is null"));
        Assert.Equal("42501", (await db.FailsAsync(AgentOf(tenant, agents[1]), "select agenthub.expire_task_leases()")).SqlState);
    }

    [Fact]
    public async Task An_idempotency_key_gives_back_the_same_task()
    {
        var db = await CreateAsync(postgres, "queue_idem");
        var (tenant, agents) = await db.TenantWithAgentsAsync("idem", 1);
        var me = AgentOf(tenant, agents[0]);
        var first = await db.ScalarAsync<Guid>(me, "select (agenthub.enqueue_task('once', p_idempotency_key => 'k1')).id");
        var second = await db.ScalarAsync<Guid>(me, "select (agenthub.enqueue_task('once', p_idempotency_key => 'k1')).id");
        Assert.Equal(first, second);
        Assert.Equal(1L, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.tasks where tenant_id = $1", tenant));
    }

    [Fact]
    public async Task Cancelled_tasks_are_not_claimed()
    {
        var db = await CreateAsync(postgres, "queue_cancel");
        var (tenant, agents) = await db.TenantWithAgentsAsync("cancel", 1);
        var task = await db.ScalarAsync<Guid>(Service, "select (agenthub.enqueue_task('t', p_tenant => $1)).id", tenant);
        Assert.Equal("cancelled", await db.ScalarAsync<string>(Service, "select (agenthub.cancel_task($1, 'no longer needed')).status::text", task));
        Assert.Empty(await db.ColumnAsync<Guid>(AgentOf(tenant, agents[0]), "select id from agenthub.claim_tasks()"));
    }
}
