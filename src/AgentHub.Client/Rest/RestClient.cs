using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace AgentHub.Client.Rest;

/// <summary>
/// The data API (<c>/rest/v1</c>, PostgREST-compatible) over HTTP: table reads and writes, and RPC.
/// Requests that fail because the hub is unreachable, or answers 502/503/504, are retried with
/// exponential backoff and jitter (Polly); when the attempts run out, an
/// <see cref="AgentHubUnavailableException"/> says so. An error answer becomes an <see cref="AgentHubApiException"/>.
/// </summary>
public sealed class RestClient
{
    /// <summary>JSON as the database names things: snake_case properties.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;
    private readonly AgentHubClientOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly Func<string> _token;

    internal RestClient(HttpClient http, AgentHubClientOptions options, Func<string> token)
    {
        _http = http;
        _options = options;
        _token = token;
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(r => r.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout),
            })
            .Build();
    }

    /// <summary>Calls a database function with named arguments (POST /rest/v1/rpc/function).</summary>
    public async Task<JsonElement> RpcAsync(string function, object? arguments = null, string? schema = null, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.Serialize(arguments ?? new { }, Json);
        return await SendAsync(HttpMethod.Post, $"rpc/{Uri.EscapeDataString(function)}", schema, body, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Calls a database function and reads its result as <typeparamref name="T"/>.</summary>
    public async Task<T?> RpcAsync<T>(string function, object? arguments = null, string? schema = null, CancellationToken cancellationToken = default) =>
        (await RpcAsync(function, arguments, schema, cancellationToken).ConfigureAwait(false)).Deserialize<T>(Json);

    /// <summary>Reads rows: <paramref name="query"/> is PostgREST's query string (e.g. <c>select=*&amp;id=eq.5&amp;order=seq</c>).</summary>
    public async Task<T[]> GetAsync<T>(string table, string query = "select=*", string? schema = null, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, $"{Uri.EscapeDataString(table)}?{query}", schema, null, null, cancellationToken).ConfigureAwait(false))
        .Deserialize<T[]>(Json) ?? [];

    /// <summary>Inserts one row or an array of rows and returns what was inserted.</summary>
    public async Task<JsonElement> InsertAsync(string table, object rows, string? schema = null, CancellationToken cancellationToken = default) =>
        await SendAsync(HttpMethod.Post, $"{Uri.EscapeDataString(table)}?select=*", schema, JsonSerializer.Serialize(rows, Json), "return=representation", cancellationToken).ConfigureAwait(false);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? schema, string? body, string? prefer, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _retry.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(method, new Uri(_options.Url, "rest/v1/" + path));
                request.Headers.TryAddWithoutValidation("apikey", _options.ApiKey);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token());
                request.Headers.TryAddWithoutValidation(method == HttpMethod.Get ? "Accept-Profile" : "Content-Profile", schema ?? "public");
                if (prefer is not null) request.Headers.TryAddWithoutValidation("Prefer", prefer);
                if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                return await _http.SendAsync(request, token).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new AgentHubUnavailableException($"AgentHub at {_options.Url} is unreachable after {_options.MaxAttempts} attempts: {e.Message}", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                throw new AgentHubUnavailableException($"AgentHub at {_options.Url} kept answering {(int)response.StatusCode} after {_options.MaxAttempts} attempts.", AgentHubApiException.From(response.StatusCode, text));
            }
            if (!response.IsSuccessStatusCode) throw AgentHubApiException.From(response.StatusCode, text);
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
