using System.Net.WebSockets;

namespace AgentHub.Realtime.Transport;

/// <summary>Why a connection ends, and how: the WebSocket close status and text the client sees.</summary>
/// <param name="Status">The close status code.</param>
/// <param name="Description">The close reason text (at most 123 UTF-8 bytes on the wire).</param>
/// <param name="ServerInitiated">True when the server decided to close (the client did not ask).</param>
/// <param name="DropPending">True when queued frames are dropped instead of flushed (a slow consumer's queue is the problem).</param>
internal sealed record RealtimeCloseReason(WebSocketCloseStatus Status, string Description, bool ServerInitiated, bool DropPending)
{
    public static RealtimeCloseReason ClientClosed { get; } = new(WebSocketCloseStatus.NormalClosure, "", false, false);

    public static RealtimeCloseReason TransportFailed { get; } = new(WebSocketCloseStatus.EndpointUnavailable, "transport failed", false, true);

    public static RealtimeCloseReason SlowConsumer { get; } = new(WebSocketCloseStatus.PolicyViolation, "slow consumer: outbound queue limit exceeded", true, true);

    public static RealtimeCloseReason IdleTimeout { get; } = new(WebSocketCloseStatus.NormalClosure, "idle timeout", true, false);

    public static RealtimeCloseReason ShuttingDown { get; } = new(WebSocketCloseStatus.EndpointUnavailable, "server shutting down", true, false);

    public static RealtimeCloseReason FrameTooLarge { get; } = new(WebSocketCloseStatus.MessageTooBig, "frame larger than 5000000 bytes", true, false);

    public static RealtimeCloseReason InternalError { get; } = new(WebSocketCloseStatus.InternalServerError, "internal error", true, false);

    public override string ToString() => $"{(int)Status} {Description}".Trim();
}
