using AgentHub.Client.Realtime;
using AgentHub.Client.Rest;
using Microsoft.Extensions.Logging;

namespace AgentHub.Client;

/// <summary>
/// The entry point: one data API client and one realtime connection for one identity.
/// </summary>
/// <example>
/// <code>
/// await using var hub = new AgentHubClient(new AgentHubClientOptions { Url = new("http://127.0.0.1:54321"), ApiKey = anonKey, AccessToken = agentToken });
/// var rows = await hub.Rest.GetAsync&lt;Todo&gt;("todos", "select=*&amp;done=eq.false");
/// await hub.Realtime.ConnectAsync();
/// </code>
/// </example>
public sealed class AgentHubClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private string _accessToken;

    /// <summary>Creates a client; pass an <see cref="HttpClient"/> from IHttpClientFactory in hosted apps.</summary>
    public AgentHubClient(AgentHubClientOptions options, HttpClient? http = null, ILoggerFactory? loggers = null)
    {
        Options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient();
        _http.Timeout = options.RequestTimeout;
        _accessToken = options.AccessToken ?? options.ApiKey;
        Rest = new RestClient(_http, options, () => _accessToken);
        Realtime = new RealtimeClient(options, () => _accessToken, loggers?.CreateLogger<RealtimeClient>());
    }

    /// <summary>The options this client was made with.</summary>
    public AgentHubClientOptions Options { get; }

    /// <summary>The data API (/rest/v1).</summary>
    public RestClient Rest { get; }

    /// <summary>The realtime connection (/realtime/v1).</summary>
    public RealtimeClient Realtime { get; }

    /// <summary>The token sent with every call; set a refreshed one and call <see cref="RealtimeClient.SetAccessTokenAsync"/>.</summary>
    public string AccessToken
    {
        get => _accessToken;
        set => _accessToken = value;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Realtime.DisposeAsync().ConfigureAwait(false);
        if (_ownsHttp) _http.Dispose();
    }
}
