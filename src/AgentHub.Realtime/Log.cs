using Microsoft.Extensions.Logging;

namespace AgentHub.Realtime;

/// <summary>
/// Every log event of the realtime server. Tokens are never logged: only roles, topics, codes and
/// lengths (supabase redacts access_token and user_token the same way).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, EventName = "RealtimeConnectionRefused", Level = LogLevel.Information,
        Message = "Realtime upgrade refused with {Status}: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 3001, EventName = "RealtimeConnectionOpened", Level = LogLevel.Debug,
        Message = "Realtime connection {Connection} opened (vsn {Vsn}, role {Role})")]
    public static partial void ConnectionOpened(ILogger logger, string connection, string vsn, string role);

    [LoggerMessage(EventId = 3002, EventName = "RealtimeConnectionClosed", Level = LogLevel.Debug,
        Message = "Realtime connection {Connection} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string connection, string reason);

    [LoggerMessage(EventId = 3003, EventName = "RealtimeSlowConsumer", Level = LogLevel.Warning,
        Message = "Realtime connection {Connection} disconnected as a slow consumer: {Frames} frames / {Bytes} bytes queued (limits {MaxFrames} frames / {MaxBytes} bytes)")]
    public static partial void SlowConsumer(ILogger logger, string connection, int frames, long bytes, int maxFrames, int maxBytes);

    [LoggerMessage(EventId = 3004, EventName = "RealtimeIdleTimeout", Level = LogLevel.Information,
        Message = "Realtime connection {Connection} closed after {Seconds} s without a frame")]
    public static partial void IdleTimeout(ILogger logger, string connection, double seconds);

    [LoggerMessage(EventId = 3005, EventName = "RealtimeMalformedFrame", Level = LogLevel.Information,
        Message = "Realtime connection {Connection} sent a frame that was ignored: {Code} {Detail}")]
    public static partial void MalformedFrame(ILogger logger, string connection, string code, string detail);

    [LoggerMessage(EventId = 3006, EventName = "RealtimeUnexpectedEvent", Level = LogLevel.Debug,
        Message = "Realtime connection {Connection} sent unexpected event {Event} on {Topic}; ignored")]
    public static partial void UnexpectedEvent(ILogger logger, string connection, string topic, string @event);

    [LoggerMessage(EventId = 3007, EventName = "RealtimeJoinRefused", Level = LogLevel.Information,
        Message = "Realtime connection {Connection} join of {Topic} refused: {Reason}")]
    public static partial void JoinRefused(ILogger logger, string connection, string topic, string reason);

    [LoggerMessage(EventId = 3008, EventName = "RealtimeChannelJoined", Level = LogLevel.Debug,
        Message = "Realtime connection {Connection} joined {Topic} (private {Private}, role {Role})")]
    public static partial void ChannelJoined(ILogger logger, string connection, string topic, bool @private, string role);

    [LoggerMessage(EventId = 3009, EventName = "RealtimeChannelShutdown", Level = LogLevel.Information,
        Message = "Realtime connection {Connection} channel {Topic} closed by the server: {Message}")]
    public static partial void ChannelShutdown(ILogger logger, string connection, string topic, string message);

    [LoggerMessage(EventId = 3010, EventName = "RealtimePolicyEvaluationFailed", Level = LogLevel.Warning,
        Message = "Policies on realtime.messages failed for topic {Topic} as role {Role} ({SqlState}: {Error}); treated as denied")]
    public static partial void PolicyEvaluationFailed(ILogger logger, string topic, string role, string sqlState, string error);

    [LoggerMessage(EventId = 3011, EventName = "RealtimeAuthorizationUnavailable", Level = LogLevel.Warning,
        Message = "Channel authorization for topic {Topic} could not reach the database ({ExceptionType}: {Error})")]
    public static partial void AuthorizationUnavailable(ILogger logger, string topic, string exceptionType, string error);

    [LoggerMessage(EventId = 3012, EventName = "RealtimeChangeCaptureNotRunning", Level = LogLevel.Warning,
        Message = "Channel {Topic} subscribed to {Count} postgres_changes, but change capture is not running on this hub: the subscriptions are registered and no change events will be delivered until a CDC backend attaches")]
    public static partial void ChangeCaptureNotRunning(ILogger logger, string topic, int count);

    [LoggerMessage(EventId = 3013, EventName = "RealtimeInvalidJoinPayload", Level = LogLevel.Information,
        Message = "Realtime connection {Connection} join of {Topic} has an invalid payload ({Problem}); defaults used")]
    public static partial void InvalidJoinPayload(ILogger logger, string connection, string topic, string problem);

    [LoggerMessage(EventId = 3014, EventName = "RealtimePostgresChangesRejected", Level = LogLevel.Information,
        Message = "Channel {Topic}: postgres_changes entry rejected: {Message}")]
    public static partial void PostgresChangesRejected(ILogger logger, string topic, string message);

    [LoggerMessage(EventId = 3015, EventName = "RealtimeSessionFailed", Level = LogLevel.Error,
        Message = "Realtime connection {Connection} failed")]
    public static partial void SessionFailed(ILogger logger, string connection, Exception exception);

    [LoggerMessage(EventId = 3016, EventName = "RealtimeBroadcastApiRejected", Level = LogLevel.Information,
        Message = "Broadcast API request refused with {Status}: {Reason}")]
    public static partial void BroadcastApiRejected(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 3017, EventName = "RealtimeBroadcastDenied", Level = LogLevel.Debug,
        Message = "Broadcast to private channel {Topic} dropped: role {Role} may not write")]
    public static partial void BroadcastDenied(ILogger logger, string topic, string role);

    [LoggerMessage(EventId = 3018, EventName = "RealtimeCdcBackendFailed", Level = LogLevel.Error,
        Message = "The postgres_changes backend failed while handling channel {Topic}")]
    public static partial void CdcBackendFailed(ILogger logger, string topic, Exception exception);
}
