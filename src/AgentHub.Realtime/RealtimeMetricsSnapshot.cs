namespace AgentHub.Realtime;

/// <summary>The realtime counters at one moment (see <see cref="RealtimeMetrics"/>).</summary>
/// <param name="Connections">Open connections.</param>
/// <param name="ConnectionsTotal">Connections accepted since start.</param>
/// <param name="ConnectionsRejected">Upgrades refused (bad key, unsupported vsn, connection limit).</param>
/// <param name="Channels">Joined channels, summed over connections.</param>
/// <param name="Topics">Distinct channels (topic and privacy) with at least one member.</param>
/// <param name="SlowConsumerDisconnects">Connections closed because their outbound queue overflowed.</param>
/// <param name="IdleDisconnects">Connections closed after the idle timeout.</param>
/// <param name="FramesReceived">Frames read from clients.</param>
/// <param name="FramesSent">Frames written to clients.</param>
/// <param name="MalformedFrames">Frames that could not be parsed (logged and ignored).</param>
/// <param name="PostgresChangesSubscriptions">Live <c>postgres_changes</c> subscriptions.</param>
public sealed record RealtimeMetricsSnapshot(
    long Connections,
    long ConnectionsTotal,
    long ConnectionsRejected,
    long Channels,
    long Topics,
    long SlowConsumerDisconnects,
    long IdleDisconnects,
    long FramesReceived,
    long FramesSent,
    long MalformedFrames,
    long PostgresChangesSubscriptions);
