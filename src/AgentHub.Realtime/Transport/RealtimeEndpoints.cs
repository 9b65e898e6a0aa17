using System.Net.WebSockets;
using AgentHub.Protocol.Phoenix;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentHub.Realtime.Transport;

/// <summary>
/// The realtime HTTP surface: the WebSocket endpoint (with the <c>/socket/websocket</c> alias the
/// Supabase server itself listens on) and the broadcast API (docs/realtime-protocol.md 1 and 4.4).
/// </summary>
internal static class RealtimeEndpoints
{
    public const string WebSocketPath = "/realtime/v1/websocket";
    public const string WebSocketAliasPath = "/socket/websocket";
    public const string BroadcastPath = "/realtime/v1/api/broadcast";

    public static void Map(IEndpointRouteBuilder routes, RealtimeHub hub)
    {
        routes.Map(WebSocketPath, context => AcceptAsync(context, hub));
        routes.Map(WebSocketAliasPath, context => AcceptAsync(context, hub));
        routes.MapPost(BroadcastPath, context => BroadcastApi.BatchAsync(context, hub));
        routes.MapPost(BroadcastPath + "/{topic}/events/{event}", context => BroadcastApi.SingleAsync(context, hub));
    }

    /// <summary>
    /// Authenticates the upgrade (docs/realtime-protocol.md 1.2): the <c>x-api-key</c> header, else
    /// the <c>apikey</c> query parameter, must be a valid JWT with <c>role</c> and <c>exp</c>.
    /// Refusals are <c>{"error": …}</c> after Supabase's anti-retry-storm delay.
    /// </summary>
    private static async Task AcceptAsync(HttpContext context, RealtimeHub hub)
    {
        var vsn = context.Request.Query["vsn"];

        // Phoenix's default without a vsn is 1.0.0 (docs/realtime-protocol.md 2.4); realtime-js always sends one.
        if (!PhoenixSerializerFactory.TryGetSerializer(vsn.Count == 0 ? PhoenixV1Serializer.Version : vsn[0], out var serializer))
        {
            await RefuseAsync(context, hub, StatusCodes.Status400BadRequest, $"Unsupported vsn: {vsn}. Use 1.0.0 or 2.0.0", delay: false).ConfigureAwait(false);
            return;
        }

        var raw = context.Request.Headers["x-api-key"].FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? context.Request.Query["apikey"].FirstOrDefault();
        if (string.IsNullOrEmpty(raw))
        {
            await RefuseAsync(context, hub, StatusCodes.Status401Unauthorized, "Missing apikey: pass the apikey query parameter or the x-api-key header", delay: true).ConfigureAwait(false);
            return;
        }

        var validation = await hub.Tokens.ValidateAsync(raw).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            await RefuseAsync(context, hub, StatusCodes.Status401Unauthorized, validation.JoinReason, delay: true).ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, hub, StatusCodes.Status400BadRequest, "Expected a WebSocket upgrade request", delay: false).ConfigureAwait(false);
            return;
        }

        if (!hub.TryReserveConnection())
        {
            await RefuseAsync(context, hub, StatusCodes.Status429TooManyRequests, "ConnectionRateLimitReached: Too many connected users", delay: true).ConfigureAwait(false);
            return;
        }

        try
        {
            var (socket, writer) = await WebSocketUpgrade.AcceptAsync(context).ConfigureAwait(false);
            using var disposeSocket = socket;
            var session = hub.OpenSession(serializer, validation.Token!, raw, HttpResponses.XHeadersJson(context.Request.Headers));
            await hub.RunAsync(session, new WebSocketFrameTransport(socket, writer)).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            // The client went away during the handshake.
        }
        finally
        {
            hub.ReleaseConnection();
        }
    }

    private static async Task RefuseAsync(HttpContext context, RealtimeHub hub, int status, string reason, bool delay)
    {
        hub.Metrics.ConnectionRejected();
        Log.ConnectionRefused(hub.Logger, status, reason);
        if (delay && hub.Options.ConnectErrorDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(hub.Options.ConnectErrorDelay, hub.Time, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        await HttpResponses.WriteAsync(context, status, "error", reason).ConfigureAwait(false);
    }
}
