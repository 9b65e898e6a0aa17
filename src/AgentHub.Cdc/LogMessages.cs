using Microsoft.Extensions.Logging;

namespace AgentHub.Cdc;

/// <summary>All log events of change capture, source-generated, with stable event ids.</summary>
internal static partial class LogMessages
{
    [LoggerMessage(EventId = 7001, EventName = "ReplicationStreaming", Level = LogLevel.Information,
        Message = "Change capture streaming from slot {Slot} (publication {Publication}) at {Lsn}")]
    public static partial void Streaming(ILogger logger, string slot, string publication, string lsn);

    [LoggerMessage(EventId = 7002, EventName = "ReplicationSlotCreated", Level = LogLevel.Information,
        Message = "Created logical replication slot {Slot} at {Lsn}")]
    public static partial void SlotCreated(ILogger logger, string slot, string lsn);

    [LoggerMessage(EventId = 7003, EventName = "ReplicationStandby", Level = LogLevel.Information,
        Message = "Another node holds the change-capture lock for slot {Slot}; standing by")]
    public static partial void Standby(ILogger logger, string slot);

    [LoggerMessage(EventId = 7004, EventName = "ReplicationFailed", Level = LogLevel.Warning,
        Message = "Change capture session failed (failure {Failures}); retrying in {Delay}")]
    public static partial void SessionFailed(ILogger logger, Exception exception, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 7005, EventName = "ReplicationStopped", Level = LogLevel.Information,
        Message = "Change capture stopped at {Lsn}")]
    public static partial void Stopped(ILogger logger, string lsn);

    [LoggerMessage(EventId = 7006, EventName = "ReplicationSkippedTransaction", Level = LogLevel.Debug,
        Message = "Skipping transaction {Xid} committed at {Lsn}: already consumed before the reconnect")]
    public static partial void SkippedTransaction(ILogger logger, uint xid, string lsn);

    [LoggerMessage(EventId = 7007, EventName = "ReplicationRelation", Level = LogLevel.Debug,
        Message = "Relation {Schema}.{Table} ({Oid}) described with {Columns} columns")]
    public static partial void RelationDescribed(ILogger logger, string schema, string table, uint oid, int columns);

    [LoggerMessage(EventId = 7010, EventName = "AuthorizationIdentityFailed", Level = LogLevel.Warning,
        Message = "Row-level security check failed for role {Role} on {Count} change(s); treating them as not visible: {Error}")]
    public static partial void IdentityCheckFailed(ILogger logger, string role, int count, string error);

    [LoggerMessage(EventId = 7011, EventName = "AuthorizationEventFailed", Level = LogLevel.Warning,
        Message = "Row-level security check failed for role {Role} on {Change}; not visible to it: {Error}")]
    public static partial void EventCheckFailed(ILogger logger, string role, string change, string error);

    [LoggerMessage(EventId = 7012, EventName = "ReplicationPositionStoreUnavailable", Level = LogLevel.Warning,
        Message = "Cannot keep the delivered position of slot {Slot} in agenthub_meta.cdc_positions ({Error}); after a database restart, changes delivered just before it may be delivered again")]
    public static partial void PositionStoreUnavailable(ILogger logger, string slot, string error);
}
