using System.Text.Json;

namespace AgentHub.Auth.Keys;

/// <summary>
/// The two long-lived API keys a Supabase project hands out: <c>anon</c> for browsers and agents
/// acting for nobody in particular, <c>service_role</c> for trusted servers (it bypasses row-level
/// security). They are HS256 JWTs with the claims Supabase's carry
/// (<c>iss</c>, <c>ref</c>, <c>role</c>, <c>iat</c>, <c>exp</c>; no <c>sub</c>, no <c>aud</c>).
/// </summary>
/// <remarks>
/// The claims are fixed (issued 2026-01-01, expiring 2036-01-01), so the same secret always yields
/// the same keys: a key pasted into a frontend keeps working across restarts, and changes only when
/// the secret does.
/// </remarks>
public sealed class ApiKeys
{
    /// <summary>Issuer claim of the API keys.</summary>
    public const string Issuer = "agenthub";

    /// <summary>Project reference claim; a local hub has one project.</summary>
    public const string ProjectRef = "local";

    private static readonly DateTimeOffset IssuedAt = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExpiresAt = new(2036, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Issues both keys for a secret.</summary>
    public ApiKeys(JwtSecret secret)
    {
        Anon = Issue(secret, "anon");
        ServiceRole = Issue(secret, "service_role");
    }

    /// <summary>The anon (publishable) key.</summary>
    public string Anon { get; }

    /// <summary>The service_role (secret) key.</summary>
    public string ServiceRole { get; }

    private static string Issue(JwtSecret secret, string role)
    {
        var claims = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["ref"] = ProjectRef,
            ["role"] = role,
            ["iat"] = IssuedAt.ToUnixTimeSeconds(),
            ["exp"] = ExpiresAt.ToUnixTimeSeconds(),
        });
        return TokenSigner.Sign(secret, claims);
    }
}
