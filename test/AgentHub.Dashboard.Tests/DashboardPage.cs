using Microsoft.Playwright;

namespace AgentHub.Dashboard.Tests;

/// <summary>
/// The dashboard as a person uses it, in one browser page: sign in, move between sections by the tabs
/// (hash routes, no reload), wait for what the page shows. Every wait is for something on screen.
/// </summary>
internal sealed class DashboardPage(IPage page, DashboardHub hub)
{
    public IPage Page { get; } = page;

    /// <summary>Opens the hub's root address, which redirects to the dashboard.</summary>
    public async Task OpenAsync()
    {
        var response = await Page.GotoAsync(hub.Server.ApiUrl.ToString());
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.EndsWith("/dashboard/", Page.Url);
    }

    public async Task SignInWithServiceKeyAsync()
    {
        await Page.Locator("#sign-in-key input[name=key]").FillAsync(hub.ServiceKey);
        await Page.Locator("#sign-in-key button[type=submit]").ClickAsync();
        await WaitLiveAsync();
    }

    public async Task SignInAsync(string email, string password)
    {
        await Page.Locator("#sign-in-user input[name=email]").FillAsync(email);
        await Page.Locator("#sign-in-user input[name=password]").FillAsync(password);
        await Page.Locator("#sign-in-user button[type=submit]").ClickAsync();
        await WaitLiveAsync();
    }

    /// <summary>Waits until the realtime connection pill says the tenant channel is subscribed.</summary>
    public Task WaitLiveAsync() => Page.Locator("#connection[data-state=live]").WaitForAsync();

    /// <summary>Clicks a section's tab and waits for it to be the current one.</summary>
    public async Task ShowAsync(string section)
    {
        await Page.Locator($".tabs a[data-route={section}]").ClickAsync();
        await Page.Locator($".tabs a[data-route={section}][aria-current=page]").WaitForAsync();
    }

    public ILocator AgentCard(string name) => Page.Locator($".agent-card[data-agent-name=\"{name}\"]");

    public ILocator TaskRow(Guid id) => Page.Locator($".task-row[data-task-id=\"{id}\"]");

    /// <summary>Saves a full-page screenshot as artifacts/screenshots/<paramref name="name"/>.png.</summary>
    public Task ScreenshotAsync(string name) => Page.ScreenshotAsync(new() { Path = Screenshots.PathFor(name), FullPage = true });

    /// <summary>Leaves a mark on the page's window: if the page reloads, the mark is gone.</summary>
    public Task MarkNoReloadAsync() => Page.EvaluateAsync("() => { window.__dashboardTestMark = 'still-here'; }");

    public async Task AssertNotReloadedAsync() =>
        Assert.Equal("still-here", await Page.EvaluateAsync<string?>("() => window.__dashboardTestMark ?? null"));

    /// <summary>True when nothing on the page is wider than the screen (no sideways scrolling on a phone).</summary>
    public Task<bool> FitsWidthAsync() =>
        Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1");
}
