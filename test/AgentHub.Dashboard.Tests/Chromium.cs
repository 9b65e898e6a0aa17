using Microsoft.Playwright;

namespace AgentHub.Dashboard.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright. Playwright's own browser download cannot work here (no
/// internet beyond package registries), so the system browser is required, and its absence fails the
/// test with the fix rather than skipping it.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    /// <summary>Where Debian's chromium package puts the browser; AGENTHUB_CHROMIUM overrides it.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("AGENTHUB_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"Chromium is not installed at {ExecutablePath}: the dashboard's browser tests need it. " +
                        "Install it with `apt-get install -y chromium` (scripts/prereqs.sh --node does), or set AGENTHUB_CHROMIUM.");
        }
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ExecutablePath, Args = Arguments, Timeout = 60_000 });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh browser profile (its own storage, so its own sign-in) with a page of the given size.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize size, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = size,
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
        });
        var page = await context.NewPageAsync();
        // Generous: the machine runs two cores shared with a hub, its database and four agents.
        page.SetDefaultTimeout(60_000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
