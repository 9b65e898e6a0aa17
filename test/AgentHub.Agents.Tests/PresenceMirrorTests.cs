using AgentHub.Testing;
using static AgentHub.Agents.Tests.AgentKitDatabase;

namespace AgentHub.Agents.Tests;

/// <summary>The SQL side of the hub's presence mirror (the hub worker itself is tested over sockets in the SDK integration tests).</summary>
public sealed class PresenceMirrorTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Only_the_hub_may_mirror_presence_or_expire_agents()
    {
        var db = await CreateAsync(postgres, "mirror_rights");
        var (tenant, agents) = await db.TenantWithAgentsAsync("rights", 1);
        var me = AgentOf(tenant, agents[0]);
        foreach (var sql in new[]
                 {
                     "select agenthub.mirror_presence_online($1, $2, '{}')",
                     "select agenthub.mirror_presence_offline($1, $2)",
                 })
        {
            Assert.Equal("42501", (await db.FailsAsync(me, sql, tenant, agents[0])).SqlState);
            Assert.Equal("42501", (await db.FailsAsync(Anon, sql, tenant, agents[0])).SqlState);
        }

        Assert.Equal("42501", (await db.FailsAsync(me, "select agenthub.expire_silent_agents(interval '1 second')")).SqlState);
    }

    [Fact]
    public async Task Online_takes_status_and_activity_from_the_meta_and_ignores_agents_of_other_tenants()
    {
        var db = await CreateAsync(postgres, "mirror_online");
        var (tenant, agents) = await db.TenantWithAgentsAsync("home", 1);
        var (otherTenant, _) = await db.TenantWithAgentsAsync("away", 1);

        Assert.False(await db.ScalarAsync<bool>(Service, "select agenthub.mirror_presence_online($1, $2, '{}')", otherTenant, agents[0]));
        Assert.False(await db.ScalarAsync<bool>(Service, "select online from agenthub.agents where id = $1", agents[0]));
        Assert.Equal(0, await db.ScalarAsync<int>(Service, "select agenthub.mirror_presence_offline($1, $2)", otherTenant, agents[0]));

        Assert.True(await db.ScalarAsync<bool>(Service, """select agenthub.mirror_presence_online($1, $2, '{"status":"no-such-status"}')""", tenant, agents[0]));
        // Not a status: the registered agent keeps the one it has.
        Assert.Equal("initializing", await db.ScalarAsync<string>(Service, "select status::text from agenthub.agents where id = $1", agents[0]));
        Assert.True(await db.ScalarAsync<bool>(Service, """select agenthub.mirror_presence_online($1, $2, '{"status":"busy","activity":"summarising"}')""", tenant, agents[0]));
        Assert.Equal("busy summarising", await db.ScalarAsync<string>(Service, "select status::text || ' ' || current_activity from agenthub.agents where id = $1", agents[0]));
        Assert.Equal(1L, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.agent_sessions where agent_id = $1 and ended_at is null", agents[0]));
    }

    [Fact]
    public async Task Silent_agents_without_presence_go_offline_and_their_tasks_return()
    {
        var db = await CreateAsync(postgres, "mirror_silent");
        var (tenant, agents) = await db.TenantWithAgentsAsync("silent", 3);
        var (silent, present, chatty) = (agents[0], agents[1], agents[2]);
        foreach (var agent in agents)
        {
            await db.ExecuteAsync(Service, "select agenthub.mirror_presence_online($1, $2, '{}')", tenant, agent);
        }

        await db.ExecuteAsync(Service, "select agenthub.enqueue_task('work', p_tenant => $1)", tenant);
        var task = await db.ScalarAsync<Guid>(AgentOf(tenant, silent), "select id from agenthub.claim_tasks(1)");
        await db.ExecuteAsync(Service, "update agenthub.agents set last_heartbeat_at = now() - interval '10 minutes' where id = any ($1)", new[] { silent, present });

        Assert.Equal(1, await db.ScalarAsync<int>(Service, "select agenthub.expire_silent_agents(interval '1 minute', $1)", new[] { present }));
        Assert.Equal("offline", await db.ScalarAsync<string>(Service, "select status::text from agenthub.agents where id = $1", silent));
        Assert.Equal("pending", await db.ScalarAsync<string>(Service, "select status::text from agenthub.tasks where id = $1", task));
        Assert.Equal("silent", await db.ScalarAsync<string>(Service, "select end_reason from agenthub.agent_sessions where agent_id = $1", silent));
        Assert.Equal(2L, await db.ScalarAsync<long>(Service, "select count(*) from agenthub.agents where online and id = any ($1)", new[] { present, chatty }));
    }
}
