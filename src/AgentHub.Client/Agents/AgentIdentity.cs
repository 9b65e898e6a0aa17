using System.Text;
using System.Text.Json;

namespace AgentHub.Client.Agents;

/// <summary>The tenant and agent an agent token speaks for (read from its claims, not verified here).</summary>
/// <param name="TenantId">The tenant_id claim.</param>
/// <param name="AgentId">The agent_id claim.</param>
public sealed record AgentIdentity(Guid TenantId, Guid AgentId)
{
    /// <summary>Reads the claims of an agent token minted by <c>agenthub keys agent</c>.</summary>
    public static AgentIdentity FromToken(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) throw new ArgumentException("Not a JWT: an agent token has three dot-separated parts.", nameof(token));
        var padded = parts[1].Replace('-', '+').Replace('_', '/');
        var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4)))).RootElement;
        Guid Read(string name) => claims.TryGetProperty(name, out var v) && Guid.TryParse(v.GetString(), out var id)
            ? id
            : throw new ArgumentException($"The token has no {name} claim; mint one with: agenthub keys agent --tenant <t> --agent <name>", nameof(token));
        return new AgentIdentity(Read("tenant_id"), Read("agent_id"));
    }
}
