namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// Every fixed string of the wire protocol as UTF-8 literals, so writers copy bytes instead of
/// transcoding and readers compare bytes instead of allocating strings.
/// </summary>
/// <remarks>
/// <see cref="PhoenixEventNames"/> mirrors the event names as <c>const string</c> for <c>switch</c>
/// statements; a test keeps the two in step.
/// </remarks>
public static class PhoenixLiterals
{
    /// <summary><c>phx_join</c>: a client joins a channel.</summary>
    public static ReadOnlySpan<byte> PhxJoin => "phx_join"u8;

    /// <summary><c>phx_leave</c>: a client leaves a channel.</summary>
    public static ReadOnlySpan<byte> PhxLeave => "phx_leave"u8;

    /// <summary><c>phx_reply</c>: the server's answer to a push, matched by <c>ref</c>.</summary>
    public static ReadOnlySpan<byte> PhxReply => "phx_reply"u8;

    /// <summary><c>phx_error</c>: the channel crashed; the client rejoins.</summary>
    public static ReadOnlySpan<byte> PhxError => "phx_error"u8;

    /// <summary><c>phx_close</c>: the channel stopped normally; the client does not rejoin.</summary>
    public static ReadOnlySpan<byte> PhxClose => "phx_close"u8;

    /// <summary><c>heartbeat</c>: the client's keep-alive on the <c>phoenix</c> topic.</summary>
    public static ReadOnlySpan<byte> Heartbeat => "heartbeat"u8;

    /// <summary><c>access_token</c>: the client refreshes a channel's JWT.</summary>
    public static ReadOnlySpan<byte> AccessToken => "access_token"u8;

    /// <summary><c>broadcast</c>: a user broadcast, in either direction.</summary>
    public static ReadOnlySpan<byte> Broadcast => "broadcast"u8;

    /// <summary><c>presence</c>: a client's track/untrack push.</summary>
    public static ReadOnlySpan<byte> Presence => "presence"u8;

    /// <summary><c>presence_state</c>: the full presence state sent after a join.</summary>
    public static ReadOnlySpan<byte> PresenceState => "presence_state"u8;

    /// <summary><c>presence_diff</c>: presence joins and leaves fanned out to members.</summary>
    public static ReadOnlySpan<byte> PresenceDiff => "presence_diff"u8;

    /// <summary><c>postgres_changes</c>: a database change delivered to subscribers.</summary>
    public static ReadOnlySpan<byte> PostgresChanges => "postgres_changes"u8;

    /// <summary><c>system</c>: server status messages (subscription result, errors before close).</summary>
    public static ReadOnlySpan<byte> System => "system"u8;

    /// <summary><c>phoenix</c>: the socket-level topic heartbeats use.</summary>
    public static ReadOnlySpan<byte> PhoenixTopic => "phoenix"u8;

    /// <summary><c>realtime:</c>: the prefix realtime-js puts before every channel name.</summary>
    public static ReadOnlySpan<byte> RealtimeTopicPrefix => "realtime:"u8;

    /// <summary><c>ok</c>: reply status (also <c>system</c> status).</summary>
    public static ReadOnlySpan<byte> StatusOk => "ok"u8;

    /// <summary><c>error</c>: reply status (also <c>system</c> status).</summary>
    public static ReadOnlySpan<byte> StatusError => "error"u8;

    /// <summary><c>{}</c>: the empty payload of heartbeats, leaves, closes and empty responses.</summary>
    public static ReadOnlySpan<byte> EmptyObject => "{}"u8;

    /// <summary><c>join_ref</c> property name (vsn 1.0.0 frames).</summary>
    public static ReadOnlySpan<byte> JoinRefKey => "join_ref"u8;

    /// <summary><c>ref</c> property name (vsn 1.0.0 frames).</summary>
    public static ReadOnlySpan<byte> RefKey => "ref"u8;

    /// <summary><c>topic</c> property name (vsn 1.0.0 frames).</summary>
    public static ReadOnlySpan<byte> TopicKey => "topic"u8;

    /// <summary><c>event</c> property name (vsn 1.0.0 frames and broadcast payloads).</summary>
    public static ReadOnlySpan<byte> EventKey => "event"u8;

    /// <summary><c>payload</c> property name (vsn 1.0.0 frames and broadcast/presence payloads).</summary>
    public static ReadOnlySpan<byte> PayloadKey => "payload"u8;

    /// <summary><c>status</c> property name of a <c>phx_reply</c> payload.</summary>
    public static ReadOnlySpan<byte> StatusKey => "status"u8;

    /// <summary><c>response</c> property name of a <c>phx_reply</c> payload.</summary>
    public static ReadOnlySpan<byte> ResponseKey => "response"u8;

    /// <summary><c>type</c> property name of broadcast and presence payloads.</summary>
    public static ReadOnlySpan<byte> TypeKey => "type"u8;

    /// <summary><c>meta</c> property name of a broadcast payload (database-originated and replayed messages).</summary>
    public static ReadOnlySpan<byte> MetaKey => "meta"u8;

    /// <summary><c>vsn</c>: the query parameter that selects the serializer.</summary>
    public static ReadOnlySpan<byte> VsnParameter => "vsn"u8;
}
