namespace AgentHub.Realtime;

/// <summary>
/// Live counters of the realtime server, for <c>/health</c> and metrics. One instance per hub,
/// registered as a singleton; every counter is updated with a single interlocked operation, so
/// reading them never blocks the hot path.
/// </summary>
/// <example>
/// <code>
/// var realtime = services.GetRequiredService&lt;RealtimeMetrics&gt;().Snapshot();
/// report.Realtime = new { realtime.Connections, realtime.Channels, realtime.SlowConsumerDisconnects };
/// </code>
/// </example>
public sealed class RealtimeMetrics
{
    private long _connections;
    private long _connectionsTotal;
    private long _connectionsRejected;
    private long _channels;
    private long _topics;
    private long _slowConsumerDisconnects;
    private long _idleDisconnects;
    private long _framesReceived;
    private long _framesSent;
    private long _malformedFrames;
    private long _postgresChangesSubscriptions;

    /// <summary>Open WebSocket (or pipe) connections.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Joined channels, summed over connections.</summary>
    public long Channels => Interlocked.Read(ref _channels);

    /// <summary>Connections closed because they did not read their frames fast enough.</summary>
    public long SlowConsumerDisconnects => Interlocked.Read(ref _slowConsumerDisconnects);

    /// <summary>A consistent-enough copy of every counter (each read atomically, not all at one instant).</summary>
    public RealtimeMetricsSnapshot Snapshot() => new(
        Interlocked.Read(ref _connections),
        Interlocked.Read(ref _connectionsTotal),
        Interlocked.Read(ref _connectionsRejected),
        Interlocked.Read(ref _channels),
        Interlocked.Read(ref _topics),
        Interlocked.Read(ref _slowConsumerDisconnects),
        Interlocked.Read(ref _idleDisconnects),
        Interlocked.Read(ref _framesReceived),
        Interlocked.Read(ref _framesSent),
        Interlocked.Read(ref _malformedFrames),
        Interlocked.Read(ref _postgresChangesSubscriptions));

    internal void ConnectionOpened()
    {
        Interlocked.Increment(ref _connections);
        Interlocked.Increment(ref _connectionsTotal);
    }

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connections);

    internal void ConnectionRejected() => Interlocked.Increment(ref _connectionsRejected);

    internal void ChannelJoined() => Interlocked.Increment(ref _channels);

    internal void ChannelLeft() => Interlocked.Decrement(ref _channels);

    internal void TopicOpened() => Interlocked.Increment(ref _topics);

    internal void TopicClosed() => Interlocked.Decrement(ref _topics);

    internal void SlowConsumerDisconnected() => Interlocked.Increment(ref _slowConsumerDisconnects);

    internal void IdleDisconnected() => Interlocked.Increment(ref _idleDisconnects);

    internal void FrameReceived() => Interlocked.Increment(ref _framesReceived);

    internal void FrameSent() => Interlocked.Increment(ref _framesSent);

    internal void MalformedFrame() => Interlocked.Increment(ref _malformedFrames);

    internal void PostgresChangesSubscribed(int count) => Interlocked.Add(ref _postgresChangesSubscriptions, count);
}
