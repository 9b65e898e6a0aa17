using System.Text.Json;

namespace AgentHub.Auth.Keys;

/// <summary>
/// Mints an agent's own token: a signed-in (<c>authenticated</c>) identity whose claims carry the
/// tenant and the agent, so row-level security and the agent kit's functions let the holder act
/// only as that agent in that tenant. <c>sub</c> is the agent id, so <c>auth.uid()</c> names it too.
/// </summary>
public static class AgentTokenIssuer
{
    /// <summary>Default lifetime of an agent token.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(365);

    /// <summary>Issues a token for one agent.</summary>
    public static string Issue(JwtSecret secret, Guid tenantId, Guid agentId, string agentName, TimeSpan lifetime, DateTimeOffset now)
    {
        var claims = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = ApiKeys.Issuer,
            ["aud"] = "authenticated",
            ["role"] = "authenticated",
            ["sub"] = agentId.ToString(),
            ["tenant_id"] = tenantId.ToString(),
            ["agent_id"] = agentId.ToString(),
            ["agent_name"] = agentName,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime).ToUnixTimeSeconds(),
        });
        return TokenSigner.Sign(secret, claims);
    }
}
