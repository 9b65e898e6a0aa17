using AgentHub.Testing;
using Microsoft.Playwright;
using ResearchFleet;

namespace AgentHub.Dashboard.Tests;

/// <summary>
/// A signed-in user sees what row-level security lets them see (their tenant, not another), and the
/// open page rides out a hub restart: it reconnects by itself and catches up on what changed meanwhile.
/// </summary>
public sealed class SignInAndReconnectTests(PostgresFixture postgres)
{
    [Fact(Timeout = 600_000)]
    public async Task A_member_sees_only_their_tenant_and_the_page_catches_up_after_a_hub_restart()
    {
        await using var hub = await DashboardHub.StartAsync(postgres, "dashboard_user");
        await using var fleet = await Fleet.CreateAsync(hub.Server, TimeSpan.FromMilliseconds(300));
        var (_, otherTenant, _) = await hub.Server.MintAgentTokenAsync("other-team", "stranger");
        const string email = "operator@research.test", password = "a-long-operator-password";
        var user = await hub.CreateUserAsync(email, password);
        await hub.AddMemberAsync(fleet.TenantId, user.Id);
        await using var chromium = await Chromium.LaunchAsync();
        var dashboard = new DashboardPage(await chromium.NewPageAsync(Chromium.Laptop), hub);
        var page = dashboard.Page;

        await dashboard.OpenAsync();
        await dashboard.SignInAsync(email, password);
        await page.Locator(".agent-card[data-agent-name=planner]").WaitForAsync();
        Assert.Equal([Fleet.TenantSlug], await page.Locator("#tenant option").AllTextContentsAsync());
        Assert.Equal(Fleet.AgentNames.Count, await page.Locator(".agent-card").CountAsync());
        Assert.Equal(0, await page.Locator(".agent-card[data-agent-name=stranger]").CountAsync());
        Assert.Equal(email, await page.Locator("#who").TextContentAsync());
        await dashboard.MarkNoReloadAsync();

        // The hub goes away; the page says so and keeps trying.
        await hub.StopAsync();
        await page.Locator("#connection[data-state=reconnecting]").WaitForAsync();

        // Meanwhile the database changes. Conversations are not in the realtime publication: only a
        // refetch on reconnect can bring this one to the page.
        await Sql.ScalarAsync<object>(hub.Database, "insert into agenthub.conversations (tenant_id, title) values ($1, 'incident review')", fleet.TenantId);
        await Sql.ScalarAsync<object>(hub.Database, "insert into agenthub.conversations (tenant_id, title) values ($1, 'not yours')", otherTenant);
        var queuedWhileDown = await Sql.ScalarAsync<Guid>(hub.Database,
            "insert into agenthub.tasks (tenant_id, type, required_capabilities) values ($1, 'queued-while-down', '{translate}') returning id", fleet.TenantId);

        await hub.StartAgainAsync();
        await dashboard.WaitLiveAsync();
        await dashboard.ShowAsync("messages");
        await page.Locator("#messages-conversation option", new() { HasText = "incident review" }).WaitForAsync(new() { State = WaitForSelectorState.Attached });
        Assert.Equal(0, await page.Locator("#messages-conversation option", new() { HasText = "not yours" }).CountAsync());
        await dashboard.ShowAsync("tasks");
        await dashboard.TaskRow(queuedWhileDown).WaitForAsync();

        // And it is live again: a task enqueued now appears without any reload.
        var queuedAfter = (await hub.RpcAsync(hub.ServiceKey, "enqueue_task",
            new { p_type = "queued-after-restart", p_tenant = fleet.TenantId, p_required_capabilities = new[] { "translate" } })).GetProperty("id").GetGuid();
        await dashboard.TaskRow(queuedAfter).WaitForAsync();
        await dashboard.AssertNotReloadedAsync();
        await dashboard.ScreenshotAsync("laptop-after-restart");
        dashboard.AssertNoPageErrors();
    }
}
