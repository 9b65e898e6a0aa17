using System.Text.Json;

namespace AgentHub.Auth.Tokens;

/// <summary>
/// The caller's identity from a verified JWT: the database role to switch to and the claims to set
/// as <c>request.jwt.claims</c>. Immutable and shared between requests carrying the same token.
/// </summary>
/// <param name="Role">The <c>role</c> claim, or <c>anon</c> when the token has none (PostgREST's rule).</param>
/// <param name="ClaimsJson">The claims object exactly as signed, for <c>request.jwt.claims</c>.</param>
/// <param name="Claims">The same, parsed.</param>
/// <param name="ExpiresAt">The <c>exp</c> claim, if any.</param>
public sealed record VerifiedToken(string Role, string ClaimsJson, JsonElement Claims, DateTimeOffset? ExpiresAt)
{
    /// <summary>The <c>nbf</c> claim, if any (read once at verification, checked on every use).</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>The <c>iat</c> claim, if any.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>The <c>sub</c> claim (the user id), if any.</summary>
    public string? Subject => Claims.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString() : null;

    /// <summary>True for the service role, which bypasses row-level security.</summary>
    public bool IsServiceRole => Role == "service_role";

    /// <summary>The identity of a request with no token at all.</summary>
    public static VerifiedToken Anonymous { get; } = new("anon", """{"role":"anon"}""", JsonDocument.Parse("""{"role":"anon"}""").RootElement.Clone(), null);
}
