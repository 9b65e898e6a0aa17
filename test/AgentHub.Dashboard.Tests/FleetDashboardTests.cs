using AgentHub.Testing;
using Microsoft.Playwright;
using ResearchFleet;

namespace AgentHub.Dashboard.Tests;

/// <summary>
/// The dashboard in headless Chromium against a real hub with the example research fleet: agents come
/// online, runs move from 0 to 100 without a reload, task actions reach the database, on a laptop and
/// on a phone. Screenshots go to artifacts/screenshots/.
/// </summary>
public sealed class FleetDashboardTests(PostgresFixture postgres)
{
    /// <summary>Slow enough that every step is on screen for a while, even on a loaded machine.</summary>
    private static readonly TimeSpan StepDelay = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Records, per run row, each progress value the list shows (in order, repeats dropped), from a
    /// MutationObserver the test installs before the work exists: what a person watching would have seen.
    /// </summary>
    private const string RecordProgress = """
        () => {
          window.__progressSeen = {};
          const record = () => {
            for (const row of document.querySelectorAll('.run-row[data-run-id]')) {
              const value = Number(row.querySelector('[role=progressbar]').getAttribute('aria-valuenow'));
              const seen = (window.__progressSeen[row.dataset.runId] ??= []);
              if (seen[seen.length - 1] !== value) seen.push(value);
            }
          };
          new MutationObserver(record).observe(document.getElementById('view'), { subtree: true, childList: true, attributes: true });
          record();
        }
        """;

    [Fact(Timeout = 900_000)]
    public async Task Agents_come_online_runs_progress_live_and_task_actions_change_the_database()
    {
        await using var hub = await DashboardHub.StartAsync(postgres, "dashboard_fleet");
        await using var fleet = await Fleet.CreateAsync(hub.Server, StepDelay);
        await using var chromium = await Chromium.LaunchAsync();
        var dashboard = new DashboardPage(await chromium.NewPageAsync(Chromium.Laptop), hub);
        var page = dashboard.Page;

        await dashboard.OpenAsync();
        await dashboard.ScreenshotAsync("laptop-sign-in");
        await dashboard.SignInWithServiceKeyAsync();
        await dashboard.MarkNoReloadAsync();

        // Registered but not started: listed, offline. Started: online, as their presence arrives.
        foreach (var name in Fleet.AgentNames) await page.Locator($".agent-card[data-agent-name=\"{name}\"][data-online=false]").WaitForAsync();
        await fleet.StartAsync();
        foreach (var name in Fleet.AgentNames) await page.Locator($".agent-card[data-agent-name=\"{name}\"][data-online=true]").WaitForAsync();
        Assert.Equal("4 / 4", await page.Locator("[data-stat=online] .stat-value").TextContentAsync());

        // A run, watched from before it exists until it completes, all on one page load.
        await dashboard.ShowAsync("runs");
        await page.EvaluateAsync(RecordProgress);
        await fleet.EnqueueJobAsync("agent memory systems", "vector stores", "episodic memory", "forgetting");
        var research = page.Locator(".run-row[data-run-name=research]").First;
        var runId = await research.GetAttributeAsync("data-run-id");
        var row = page.Locator($".run-row[data-run-id=\"{runId}\"]");
        await row.Locator("[role=progressbar]:not([aria-valuenow=\"0\"]):not([aria-valuenow=\"100\"])").WaitForAsync();
        await dashboard.ScreenshotAsync("laptop-runs");
        await page.Locator($".run-row[data-run-id=\"{runId}\"][data-status=completed] [role=progressbar][aria-valuenow=\"100\"]").WaitForAsync();
        var seen = await page.EvaluateAsync<double[]>("id => window.__progressSeen[id]", runId);
        Assert.True(seen is [0, .., 100], $"progress shown: {string.Join(", ", seen)}");
        Assert.True(seen.Length >= 4, $"only {seen.Length} distinct values shown: {string.Join(", ", seen)}");
        Assert.Equal(seen.Order(), seen);
        await dashboard.AssertNotReloadedAsync();

        // Filters narrow the list at once; back to everything afterwards.
        await page.Locator("#runs-status").SelectOptionAsync("completed");
        Assert.Equal(0, await page.Locator(".run-row[data-run-id]:not([data-status=completed])").CountAsync());
        await page.Locator("#runs-status").SelectOptionAsync("");
        await page.Locator("#runs-agent").SelectOptionAsync(new SelectOptionValue { Label = "planner" });
        Assert.Equal(["planner"], (await page.Locator(".run-row[data-run-id] .run-agent").AllTextContentsAsync()).Distinct());
        await page.Locator("#runs-agent").SelectOptionAsync("");

        // The run's page: state, result and its history, one event per step.
        await row.ClickAsync();
        await page.Locator($".run-detail[data-run-id=\"{runId}\"] [data-outcome=result]").WaitForAsync();
        await page.Locator("#timeline .timeline-item[data-kind=status]").WaitForAsync();
        Assert.Equal(6, await page.Locator("#timeline .timeline-item").CountAsync()); // started, 4 × progress, completed
        Assert.Contains("three sources agree", await page.Locator("[data-outcome=result] pre").TextContentAsync());
        await dashboard.ScreenshotAsync("laptop-run-detail");

        // The whole job ends with the writer's report; the findings went to the writer as messages.
        await dashboard.ShowAsync("runs");
        await page.Locator(".run-row[data-run-name=write-report][data-status=completed]").WaitForAsync();
        await dashboard.ShowAsync("messages");
        await page.Locator(".message").Nth(3).WaitForAsync(); // three findings to the writer, its team-wide "report ready"
        Assert.Equal(3, await page.Locator(".message[data-sender^=researcher]").CountAsync());
        await page.Locator("#messages-conversation").SelectOptionAsync("team");
        Assert.Equal(1, await page.Locator(".message").CountAsync()); // the team-wide one
        Assert.Equal("writer", await page.Locator(".message").GetAttributeAsync("data-sender"));
        await page.Locator("#messages-conversation").SelectOptionAsync("");
        await dashboard.ScreenshotAsync("laptop-messages");

        await TaskActionsAsync(hub, fleet, dashboard);

        await dashboard.ShowAsync("health");
        await page.Locator(".health-card[data-health=hub] .health-status", new() { HasText = "healthy" }).WaitForAsync();
        await page.Locator(".health-card[data-health=realtime]").WaitForAsync();
        await page.Locator("#completion-chart:not([data-completed=\"0\"])").WaitForAsync();
        await page.Locator("#success-rates tr[data-agent-id]").Nth(3).WaitForAsync(); // planner, two researchers, writer
        await dashboard.ScreenshotAsync("laptop-health");
        await dashboard.AssertNotReloadedAsync();

        // A second job, to see the fleet busy: on the laptop, and on a phone in its own browser profile.
        var phone = new DashboardPage(await chromium.NewPageAsync(Chromium.Phone, phone: true), hub);
        await phone.OpenAsync();
        await phone.SignInWithServiceKeyAsync();
        await dashboard.ShowAsync("fleet");
        await page.Locator("#toasts .toast").First.WaitForAsync(new() { State = WaitForSelectorState.Detached }); // notices fade after a few seconds
        await fleet.EnqueueJobAsync("tool use", "planning", "function calling");
        const string researching = ".agent-card[data-agent-name^=researcher][data-online=true] .agent-run [role=progressbar]:not([aria-valuenow=\"0\"])";
        await page.Locator(researching).First.WaitForAsync();
        await phone.Page.Locator(researching).First.WaitForAsync();
        await dashboard.ScreenshotAsync("laptop-fleet");
        await phone.ScreenshotAsync("phone-fleet");
        Assert.True(await phone.FitsWidthAsync(), "the fleet view is wider than a phone");
        foreach (var (section, content) in new[]
        {
            ("runs", ".run-row[data-run-id]"), ("tasks", ".task-row[data-task-id]"), ("messages", ".message"), ("health", ".health-card[data-health=hub]"),
        })
        {
            await phone.ShowAsync(section);
            await phone.Page.Locator(content).First.WaitForAsync();
            await phone.ScreenshotAsync($"phone-{section}");
            Assert.True(await phone.FitsWidthAsync(), $"the {section} view is wider than a phone");
        }
        await page.Locator(".agent-card .agent-run").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        dashboard.AssertNoPageErrors();
        phone.AssertNoPageErrors();
    }

    /// <summary>Re-prioritize and cancel a queued task, retry a dead one: each through the page, each checked in the database.</summary>
    private static async Task TaskActionsAsync(DashboardHub hub, Fleet fleet, DashboardPage dashboard)
    {
        var page = dashboard.Page;
        // Nobody has the "translate" capability, so these stay queued for as long as the test needs.
        var translate = await EnqueueAsync(hub, fleet.TenantId, "translate", new { p_required_capabilities = new[] { "translate" } });
        var publish = await EnqueueAsync(hub, fleet.TenantId, "publish", new { p_required_capabilities = new[] { "translate" }, p_depends_on = new[] { translate }, p_priority = 2 });
        var dead = await EnqueueAsync(hub, fleet.TenantId, "archive", new { p_required_capabilities = new[] { "translate" } });
        await Sql.ScalarAsync<object>(hub.Database,
            "update agenthub.tasks set status = 'dead', attempts = 3, completed_at = now(), last_error = '{\"message\":\"archive unreachable\"}' where id = $1", dead);

        await dashboard.ShowAsync("tasks");
        var translateRow = dashboard.TaskRow(translate);
        await translateRow.WaitForAsync();
        await dashboard.TaskRow(publish).Locator(".task-deps", new() { HasText = "translate" }).WaitForAsync();
        await page.Locator("[data-count-status=dead] .count-value", new() { HasText = "1" }).WaitForAsync();
        await dashboard.ScreenshotAsync("laptop-tasks");

        await translateRow.Locator("input[name=priority]").FillAsync("7");
        await translateRow.Locator("button[data-action=priority]").ClickAsync();
        await dashboard.TaskRow(translate).And(page.Locator("[data-priority=\"7\"]")).WaitForAsync();
        Assert.Equal(7, await Sql.ScalarAsync<int>(hub.Database, "select priority from agenthub.tasks where id = $1", translate));

        await dashboard.TaskRow(translate).Locator("button[data-action=cancel]").ClickAsync();
        await dashboard.TaskRow(translate).WaitForAsync(new() { State = WaitForSelectorState.Detached }); // gone from the queue
        Assert.Equal("cancelled", await Sql.ScalarAsync<string>(hub.Database, "select status::text from agenthub.tasks where id = $1", translate));

        await page.Locator("[data-count-status=dead]").ClickAsync();
        await dashboard.TaskRow(dead).Locator("button[data-action=retry]").ClickAsync();
        await dashboard.TaskRow(dead).WaitForAsync(new() { State = WaitForSelectorState.Detached }); // no longer dead
        Assert.Equal("pending/0", await Sql.ScalarAsync<string>(hub.Database, "select status::text || '/' || attempts from agenthub.tasks where id = $1", dead));
        await page.Locator("[data-count-status=dead] .count-value", new() { HasText = "0" }).WaitForAsync();
        await dashboard.AssertNotReloadedAsync();
    }

    private static async Task<Guid> EnqueueAsync(DashboardHub hub, Guid tenant, string type, object extra)
    {
        var arguments = System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject();
        arguments["p_type"] = type;
        arguments["p_tenant"] = tenant;
        return (await hub.RpcAsync(hub.ServiceKey, "enqueue_task", arguments)).GetProperty("id").GetGuid();
    }
}
