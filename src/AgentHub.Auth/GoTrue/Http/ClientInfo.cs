using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>What GoTrue records about the client on a session row.</summary>
internal static class ClientInfo
{
    /// <summary>Stored user agents are cut to this length; the column is text, but the header is the client's to fill.</summary>
    public const int MaxUserAgentLength = 512;

    public static string? UserAgent(HttpContext http) =>
        http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent
            ? agent.Length > MaxUserAgentLength ? agent[..MaxUserAgentLength] : agent
            : null;

    /// <summary>The peer address as PostgreSQL's inet reads it (IPv4 for mapped addresses, no IPv6 zone id).</summary>
    public static string? Ip(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } address) return null;
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        var text = address.ToString();
        var zone = text.IndexOf('%', StringComparison.Ordinal);
        return zone < 0 ? text : text[..zone];
    }
}
