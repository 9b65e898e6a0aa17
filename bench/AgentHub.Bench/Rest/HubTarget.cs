using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace AgentHub.Bench.Rest;

/// <summary>
/// The load generator against the hub: HttpClient over real loopback sockets, HTTP/1.1 keep-alive,
/// at most <c>connections</c> sockets, the API key and the user's JWT on every request.
/// </summary>
internal sealed class HubTarget : IDisposable
{
    private readonly HttpClient _http;

    public HubTarget(Uri apiUrl, string apiKey, string token, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler)
        {
            BaseAddress = new Uri(apiUrl, "rest/v1/"),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("apikey", apiKey);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>One request; true when the status is the expected one (the body is read in full either way).</summary>
    public async Task<bool> SendAsync(RestScenario scenario, long id)
    {
        using var request = new HttpRequestMessage(scenario.Method, string.Format(System.Globalization.CultureInfo.InvariantCulture, scenario.PathAndQuery, id));
        if (scenario.Body is { } body) request.Content = new StringContent(body(id), Encoding.UTF8, "application/json");
        if (scenario.Prefer is { } prefer) request.Headers.TryAddWithoutValidation("Prefer", prefer);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        return (int)response.StatusCode == scenario.ExpectedStatus;
    }

    /// <summary>The body of one answer, to check once that hub and ceiling return the same thing.</summary>
    public async Task<string> ReadAsync(RestScenario scenario, long id)
    {
        using var request = new HttpRequestMessage(scenario.Method, string.Format(System.Globalization.CultureInfo.InvariantCulture, scenario.PathAndQuery, id));
        if (scenario.Body is { } body) request.Content = new StringContent(body(id), Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
