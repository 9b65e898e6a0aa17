using System.Net;
using AgentHub.Testing;

namespace AgentHub.Dashboard.Tests;

/// <summary>
/// The queue actions the dashboard takes (platform migration 20260106000001_dashboard_actions.sql), called
/// the way the page calls them: RPCs through the data API with each caller's own token.
/// </summary>
public sealed class TaskActionTests(PostgresFixture postgres)
{
    [Fact(Timeout = 300_000)]
    public async Task Members_agents_and_the_service_role_reprioritize_while_viewers_and_outsiders_cannot()
    {
        await using var hub = await DashboardHub.StartAsync(postgres, "task_actions_access");
        var (agentToken, tenant, _) = await hub.Server.MintAgentTokenAsync("alpha", "worker");
        var (_, otherTenant, _) = await hub.Server.MintAgentTokenAsync("beta", "other");
        var member = await hub.CreateUserAsync("member@alpha.test", "member-password-1");
        var viewer = await hub.CreateUserAsync("viewer@alpha.test", "viewer-password-1");
        var outsider = await hub.CreateUserAsync("outsider@beta.test", "outsider-password-1");
        await hub.AddMemberAsync(tenant, member.Id, "member");
        await hub.AddMemberAsync(tenant, viewer.Id, "viewer");
        await hub.AddMemberAsync(otherTenant, outsider.Id, "member");
        var task = await EnqueueAsync(hub, tenant, "job");

        Assert.Equal(5, (await hub.RpcAsync(member.Token, "set_task_priority", new { p_task = task, p_priority = 5 })).GetProperty("priority").GetInt32());
        Assert.Equal(6, (await hub.RpcAsync(agentToken, "set_task_priority", new { p_task = task, p_priority = 6 })).GetProperty("priority").GetInt32());
        Assert.Equal(7, (await hub.RpcAsync(hub.ServiceKey, "set_task_priority", new { p_task = task, p_priority = 7 })).GetProperty("priority").GetInt32());

        using (var refused = await hub.SendRpcAsync(viewer.Token, "set_task_priority", new { p_task = task, p_priority = 99 }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("viewers", await refused.Content.ReadAsStringAsync());
        }
        using (var hidden = await hub.SendRpcAsync(outsider.Token, "retry_task", new { p_task = task }))
        {
            Assert.False(hidden.IsSuccessStatusCode);
            Assert.Contains("not found", await hidden.Content.ReadAsStringAsync());
        }
        Assert.Equal(7, await Sql.ScalarAsync<int>(hub.Database, "select priority from agenthub.tasks where id = $1", task));
        // The change is in the audit log, with who made it.
        Assert.Equal(3L, await Sql.ScalarAsync<long>(hub.Database,
            "select count(*) from agenthub.audit_events where entity = 'tasks' and entity_id = $1 and action = 'update' and changes ? 'priority'", task));
    }

    [Fact(Timeout = 300_000)]
    public async Task Retry_requeues_dead_tasks_with_fresh_attempts_and_refuses_finished_or_running_ones()
    {
        await using var hub = await DashboardHub.StartAsync(postgres, "task_actions_retry");
        var (_, tenant, _) = await hub.Server.MintAgentTokenAsync("gamma", "worker");

        var dead = await EnqueueAsync(hub, tenant, "flaky");
        await Sql.ScalarAsync<object>(hub.Database,
            "update agenthub.tasks set status = 'dead', attempts = 3, completed_at = now(), last_error = '{\"message\":\"gave up\"}' where id = $1", dead);
        var retried = await hub.RpcAsync(hub.ServiceKey, "retry_task", new { p_task = dead });
        Assert.Equal("pending", retried.GetProperty("status").GetString());
        Assert.Equal(0, retried.GetProperty("attempts").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, retried.GetProperty("completed_at").ValueKind);
        Assert.True(await Sql.ScalarAsync<bool>(hub.Database, "select run_after <= now() from agenthub.tasks where id = $1", dead));

        var later = (await hub.RpcAsync(hub.ServiceKey, "enqueue_task", new { p_type = "later", p_tenant = tenant, p_run_after = DateTimeOffset.UtcNow.AddHours(1) })).GetProperty("id").GetGuid();
        await hub.RpcAsync(hub.ServiceKey, "retry_task", new { p_task = later });
        Assert.True(await Sql.ScalarAsync<bool>(hub.Database, "select status = 'pending' and run_after <= now() from agenthub.tasks where id = $1", later));

        var done = await EnqueueAsync(hub, tenant, "done");
        await Sql.ScalarAsync<object>(hub.Database, "update agenthub.tasks set status = 'completed', completed_at = now() where id = $1", done);
        using (var refused = await hub.SendRpcAsync(hub.ServiceKey, "retry_task", new { p_task = done }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("cannot be retried", await refused.Content.ReadAsStringAsync());
        }
        using (var refused = await hub.SendRpcAsync(hub.ServiceKey, "set_task_priority", new { p_task = done, p_priority = 3 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("no longer queued", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal("completed", await Sql.ScalarAsync<string>(hub.Database, "select status::text from agenthub.tasks where id = $1", done));
    }

    [Fact(Timeout = 300_000)]
    public async Task Signed_in_outsiders_and_the_anon_key_cannot_write_to_a_tenant()
    {
        // Their tokens carry no tenant claim; before 20260106000001 the functions' membership checks
        // evaluated to NULL for them, and NULL let the write through.
        await using var hub = await DashboardHub.StartAsync(postgres, "task_actions_outsiders");
        var (_, tenant, _) = await hub.Server.MintAgentTokenAsync("delta", "worker");
        var outsider = await hub.CreateUserAsync("outsider@elsewhere.test", "outsider-password-1");
        var task = await EnqueueAsync(hub, tenant, "guarded");

        foreach (var (token, status) in new[] { (outsider.Token, HttpStatusCode.Forbidden), (hub.Server.Keys.Anon, HttpStatusCode.Unauthorized) })
        {
            using var enqueue = await hub.SendRpcAsync(token, "enqueue_task", new { p_type = "intruder", p_tenant = tenant });
            Assert.Equal(status, enqueue.StatusCode);
            foreach (var (function, arguments) in new (string, object)[]
            {
                ("cancel_task", new { p_task = task }), ("retry_task", new { p_task = task }), ("set_task_priority", new { p_task = task, p_priority = 9 }),
            })
            {
                using var refused = await hub.SendRpcAsync(token, function, arguments);
                Assert.False(refused.IsSuccessStatusCode, $"{function} succeeded for an outsider");
                Assert.Contains("not found", await refused.Content.ReadAsStringAsync());
            }
        }
        Assert.Equal("pending/0/1", await Sql.ScalarAsync<string>(hub.Database,
            "select t.status::text || '/' || t.priority || '/' || (select count(*) from agenthub.tasks where tenant_id = t.tenant_id) from agenthub.tasks t where id = $1", task));
    }

    private static async Task<Guid> EnqueueAsync(DashboardHub hub, Guid tenant, string type) =>
        (await hub.RpcAsync(hub.ServiceKey, "enqueue_task", new { p_type = type, p_tenant = tenant })).GetProperty("id").GetGuid();
}
