using Microsoft.Playwright;

namespace AgentHub.Dashboard.Tests;

/// <summary>
/// The dashboard as a person uses it, in one browser page: sign in, move between sections by the tabs
/// (hash routes, no reload), wait for what the page shows. Every wait is for something on screen.
/// </summary>
internal sealed class DashboardPage
{
    private readonly DashboardHub _hub;
    private readonly List<string> _problems = [];

    public DashboardPage(IPage page, DashboardHub hub)
    {
        Page = page;
        _hub = hub;
        // What the browser reports goes to the test's output, and uncaught errors fail the test at the end.
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning") TestContext.Current.TestOutputHelper?.WriteLine($"[browser {message.Type}] {message.Text}");
        };
        page.PageError += (_, error) =>
        {
            lock (_problems) _problems.Add(error);
            TestContext.Current.TestOutputHelper?.WriteLine($"[page error] {error}");
        };
    }

    public IPage Page { get; }

    /// <summary>Fails if any script on the page threw without catching.</summary>
    public void AssertNoPageErrors()
    {
        lock (_problems) Assert.True(_problems.Count == 0, "uncaught errors in the page: " + string.Join(" | ", _problems));
    }

    /// <summary>Opens the hub's root address, which redirects to the dashboard.</summary>
    public async Task OpenAsync()
    {
        var response = await Page.GotoAsync(_hub.Server.ApiUrl.ToString());
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.EndsWith("/dashboard/", Page.Url);
    }

    public async Task SignInWithServiceKeyAsync()
    {
        await Page.Locator("#sign-in-key input[name=key]").FillAsync(_hub.ServiceKey);
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
    /// <remarks>Compared with the viewport the test set, not window.innerWidth: a mobile browser widens its
    /// layout viewport to fit content that overflows, which would hide exactly what this looks for.</remarks>
    public Task<bool> FitsWidthAsync() =>
        Page.EvaluateAsync<bool>("width => document.documentElement.scrollWidth <= width", Page.ViewportSize!.Width);
}
