namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// The first byte of a vsn 2.0.0 binary frame. Only the two Supabase user-broadcast kinds are used:
/// stock Phoenix kinds 0 (push), 1 (reply) and 2 (broadcast) make the realtime-js decoder return
/// nothing, so a server must never send them (docs/realtime-protocol.md section 2.3).
/// </summary>
public enum PhoenixBinaryKind : byte
{
    /// <summary><c>3</c>: user broadcast push, client to server.</summary>
    UserBroadcastPush = 3,

    /// <summary><c>4</c>: user broadcast, server to client.</summary>
    UserBroadcast = 4,
}
