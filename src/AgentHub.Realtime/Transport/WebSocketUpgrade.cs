using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentHub.Realtime.Transport;

/// <summary>
/// Accepts a WebSocket upgrade the way ASP.NET Core's <c>AcceptWebSocketAsync</c> does for HTTP/1.1
/// (RFC 6455 section 4.2.2: <c>101</c>, <c>Upgrade</c>, <c>Connection</c>, <c>Sec-WebSocket-Accept</c>;
/// no subprotocol, no compression), but keeps the upgraded stream, wrapped in a
/// <see cref="FrameWriterStream"/>, so outbound frames can be written in batches. Requests that are
/// not HTTP/1.1 upgrades (WebSockets over HTTP/2) take ASP.NET Core's own path, unbatched.
/// </summary>
internal static class WebSocketUpgrade
{
    private static readonly TimeSpan DefaultKeepAlive = TimeSpan.FromMinutes(2);

    /// <summary>The caller has checked <c>context.WebSockets.IsWebSocketRequest</c>.</summary>
    public static async Task<(WebSocket Socket, FrameWriterStream? Writer)> AcceptAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0)
        {
            return (await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false }).ConfigureAwait(false), null);
        }

        var options = context.RequestServices.GetService<IOptions<WebSocketOptions>>()?.Value;
        var headers = context.Response.Headers;
        headers.Connection = "Upgrade";
        headers.Upgrade = "websocket";
        headers.SecWebSocketAccept = AcceptValue(key);
        // A WebSocket is a long-lived request: no request timeout applies to it (as in ASP.NET Core's middleware).
        context.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();
        var stream = new FrameWriterStream(await upgrade.UpgradeAsync().ConfigureAwait(false));
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = options?.KeepAliveInterval ?? DefaultKeepAlive,
            KeepAliveTimeout = options?.KeepAliveTimeout ?? Timeout.InfiniteTimeSpan,
        });
        return (socket, stream);
    }

    /// <summary>base64(SHA-1(key + the RFC 6455 GUID)).</summary>
    internal static string AcceptValue(string key)
    {
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"), hash);
        return Convert.ToBase64String(hash);
    }
}
