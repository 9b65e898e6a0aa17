using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>
/// The <c>iss</c> claim: the auth API's own URL (<c>http://127.0.0.1:54321/auth/v1</c> locally), from
/// the configured public URL or, when there is none, the address the server listens on, which is
/// only known once it has started (port 0 picks one).
/// </summary>
internal sealed class IssuerUrl(string? publicUrl, string basePath, IServer server)
{
    private string? _value;

    public string Value => _value ??= Resolve();

    private string Resolve()
    {
        var origin = publicUrl
            ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1")
            ?? "http://127.0.0.1";
        return origin.TrimEnd('/') + basePath;
    }
}
