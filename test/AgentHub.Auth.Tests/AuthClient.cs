using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AgentHub.Auth.Tests;

/// <summary>
/// Talks to a hub's <c>/auth/v1</c> over a real socket the way auth-js does: <c>apikey</c>,
/// <c>Authorization: Bearer</c> (the apikey unless a token is given), <c>X-Supabase-Api-Version</c>.
/// </summary>
public sealed class AuthClient(Uri apiUrl, string anonKey) : IDisposable
{
    public const string ApiVersion = "2024-01-01";

    /// <summary>Leave a header out: pass as apiKey/bearer.</summary>
    public const string None = "\0none";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string AnonKey => anonKey;

    public Uri Url(string path) => new(apiUrl, "auth/v1" + path);

    /// <summary>Sends a request. <paramref name="body"/> is an object to serialise or a raw string.</summary>
    public async Task<AuthResponse> SendAsync(HttpMethod method, string path, object? body = null, string? bearer = null, string? apiKey = null, bool versioned = true)
    {
        using var request = new HttpRequestMessage(method, Url(path));
        apiKey ??= anonKey;
        if (apiKey != None) request.Headers.TryAddWithoutValidation("apikey", apiKey);
        bearer ??= apiKey == None ? anonKey : apiKey;
        if (bearer != None) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        if (versioned) request.Headers.TryAddWithoutValidation("X-Supabase-Api-Version", ApiVersion);
        if (body is not null || method != HttpMethod.Get)
        {
            var text = body as string ?? JsonSerializer.Serialize(body ?? new { });
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json;charset=UTF-8");
        }
        using var response = await _http.SendAsync(request);
        return new AuthResponse(response.StatusCode, response.Headers, response.Content.Headers, await response.Content.ReadAsStringAsync());
    }

    public Task<AuthResponse> SignUpAsync(string email, string password = "s3cret-pass", object? data = null) =>
        SendAsync(HttpMethod.Post, "/signup", new { email, password, data = data ?? new { }, gotrue_meta_security = new { }, code_challenge = (string?)null, code_challenge_method = (string?)null });

    public Task<AuthResponse> SignInAsync(string email, string password = "s3cret-pass") =>
        SendAsync(HttpMethod.Post, "/token?grant_type=password", new { email, password, gotrue_meta_security = new { } });

    public Task<AuthResponse> RefreshAsync(string refreshToken) =>
        SendAsync(HttpMethod.Post, "/token?grant_type=refresh_token", new { refresh_token = refreshToken });

    public Task<AuthResponse> GetUserAsync(string accessToken) => SendAsync(HttpMethod.Get, "/user", bearer: accessToken);

    public Task<AuthResponse> LogoutAsync(string accessToken, string? scope = null) =>
        SendAsync(HttpMethod.Post, "/logout" + (scope is null ? "" : "?scope=" + scope), bearer: accessToken);

    public void Dispose() => _http.Dispose();
}
