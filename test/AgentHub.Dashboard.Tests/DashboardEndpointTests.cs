using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AgentHub.Dashboard.Tests;

/// <summary>How the module serves the page: addresses, media types, validators, caching, the page's policy,
/// and what the shipped files may and may not contain. No database: just the module on a bare host.</summary>
public sealed partial class DashboardEndpointTests : IAsyncLifetime
{
    private const string AnonKey = "anon-key-for-tests";
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        DashboardModule.AddServices(builder.Services, AnonKey);
        _app = builder.Build();
        DashboardModule.Map(_app);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard")]
    public async Task Other_addresses_redirect_to_the_canonical_one(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_page_comes_with_a_validator_no_cache_and_a_same_origin_policy()
    {
        using var response = await _http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Matches("^\"[0-9a-f]{32}\"$", response.Headers.ETag?.ToString());
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("<script type=\"module\" src=\"js/main.js\">", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_matching_etag_gets_304_and_a_stale_one_the_file()
    {
        using var first = await _http.GetAsync("/dashboard/js/main.js");
        var etag = first.Headers.ETag!.Tag;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/js/main.js") { Headers = { { "If-None-Match", etag } } };
        using var notModified = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag?.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/dashboard/js/main.js") { Headers = { { "If-None-Match", "\"0000\"" } } };
        using var full = await _http.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await full.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("js/main.js", "text/javascript; charset=utf-8")]
    [InlineData("app.css", "text/css; charset=utf-8")]
    [InlineData("vendor/supabase.js", "text/javascript; charset=utf-8")]
    [InlineData("favicon.svg", "image/svg+xml")]
    [InlineData("config.json", "application/json; charset=utf-8")]
    public async Task Each_file_has_its_media_type_and_head_answers_without_a_body(string path, string type)
    {
        using var get = await _http.GetAsync("/dashboard/" + path);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(type, get.Content.Headers.ContentType?.ToString());
        var length = (await get.Content.ReadAsByteArrayAsync()).Length;

        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/dashboard/" + path));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(length, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
    }

    [Fact]
    public async Task The_configuration_carries_the_anon_key_and_nothing_else()
    {
        var config = JsonDocument.Parse(await _http.GetStringAsync("/dashboard/config.json")).RootElement;
        Assert.Equal(["anonKey", "apiUrl"], config.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(AnonKey, config.GetProperty("anonKey").GetString());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("apiUrl").ValueKind);
    }

    [Theory]
    [InlineData("/dashboard/missing.js")]
    [InlineData("/dashboard/js/")]
    [InlineData("/dashboard/dashboard/index.html")]
    public async Task Unknown_paths_are_404(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Every_module_the_page_imports_is_served()
    {
        var pending = new Queue<string>(["js/main.js"]);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out var path))
        {
            if (!seen.Add(path)) continue;
            using var response = await _http.GetAsync("/dashboard/" + path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} is imported but answers {(int)response.StatusCode}");
            var folder = path[..(path.LastIndexOf('/') + 1)];
            foreach (Match import in ImportPattern().Matches(await response.Content.ReadAsStringAsync()))
            {
                pending.Enqueue(Normalize(folder + import.Groups[1].Value));
            }
        }
        Assert.True(seen.Count >= 10, $"only {seen.Count} modules reached from main.js");
    }

    [Fact]
    public async Task The_page_names_no_other_host_and_writes_no_markup_from_strings()
    {
        var assets = _app.Services.GetRequiredService<DashboardAssets>();
        var ours = assets.Paths.Where(p => !p.StartsWith("vendor/", StringComparison.Ordinal) && p != DashboardAssets.ConfigPath).ToList();
        Assert.Contains("index.html", ours);
        foreach (var path in ours.Where(p => !p.EndsWith(".png", StringComparison.Ordinal)))
        {
            var text = await _http.GetStringAsync("/dashboard/" + path);
            // XML namespaces are names, not addresses the page fetches.
            var hosts = HostPattern().Matches(text).Select(m => m.Value).Where(u => !u.StartsWith("http://www.w3.org/", StringComparison.Ordinal));
            Assert.True(!hosts.Any(), $"{path} refers to another host: {string.Join(", ", hosts)}");
            if (path.EndsWith(".js", StringComparison.Ordinal))
            {
                Assert.DoesNotMatch(UnsafeSinkPattern(), text);
            }
        }
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..") parts.RemoveAt(parts.Count - 1);
            else if (part != ".") parts.Add(part);
        }
        return string.Join('/', parts);
    }

    [GeneratedRegex("""from\s+'(\.{1,2}/[^']+)'""")]
    private static partial Regex ImportPattern();

    [GeneratedRegex("""https?://[^\s'"`)]+""")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(")]
    private static partial Regex UnsafeSinkPattern();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }
}
