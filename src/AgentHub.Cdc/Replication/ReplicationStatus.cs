namespace AgentHub.Cdc;

/// <summary>A snapshot of the change-capture worker for <c>/health</c> and metrics.</summary>
/// <param name="State">The lifecycle state.</param>
/// <param name="SlotName">The replication slot.</param>
/// <param name="PublicationName">The publication.</param>
/// <param name="IsLeader">True while this node holds the leadership lock (and so consumes the stream).</param>
/// <param name="ConfirmedLsn">The last LSN this node confirmed (all transactions up to it were consumed), e.g. <c>0/16B3748</c>.</param>
/// <param name="LagBytes">WAL bytes between the server's current position and the slot's confirmed position, as last measured; null before the first measurement.</param>
/// <param name="LastCommitTimestamp">The commit time of the last transaction consumed.</param>
/// <param name="ConsecutiveFailures">Failures since the last successful start of streaming.</param>
/// <param name="LastError">The last failure's message, for operators.</param>
/// <param name="Since">When the worker entered <paramref name="State"/>.</param>
public sealed record ReplicationStatus(
    ReplicationState State,
    string SlotName,
    string PublicationName,
    bool IsLeader,
    string? ConfirmedLsn,
    long? LagBytes,
    DateTimeOffset? LastCommitTimestamp,
    int ConsecutiveFailures,
    string? LastError,
    DateTimeOffset Since)
{
    /// <summary>True when changes are flowing (or this node is a healthy standby).</summary>
    public bool IsHealthy => State is ReplicationState.Streaming or ReplicationState.Standby;
}
