using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AgentHub.Auth.Tests;

/// <summary>A response of the auth API: status, headers and the body (parsed when it is JSON).</summary>
public sealed record AuthResponse(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, string Text)
{
    public JsonElement Json => Text.Length == 0 ? default : JsonDocument.Parse(Text).RootElement;

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : ContentHeaders.TryGetValues(name, out var content) ? string.Join(",", content) : null;

    /// <summary>The GoTrue error code and message of a 2024-01-01 error body.</summary>
    public (string Code, string Message) Error => (Json.GetProperty("code").GetString()!, Json.GetProperty("message").GetString()!);

    public string AccessToken => Json.GetProperty("access_token").GetString()!;

    public string RefreshToken => Json.GetProperty("refresh_token").GetString()!;

    public Guid UserId => Guid.Parse((Json.TryGetProperty("user", out var user) ? user : Json).GetProperty("id").GetString()!);

    public override string ToString() => $"{(int)Status} {Text}";
}
