namespace AgentHub.Realtime;

/// <summary>
/// Default limits of the realtime server, mirroring the Supabase Realtime defaults
/// (docs/realtime-protocol.md section 9) where one exists. <see cref="RealtimeOptions"/> starts from these.
/// </summary>
public static class RealtimeLimits
{
    /// <summary>Concurrent WebSocket connections per hub: 10 000 (Supabase's largest plan); above it the upgrade gets 429.</summary>
    public const int MaxConnections = 10_000;

    /// <summary>Channels one connection may join: 100 (<c>ChannelRateLimitReached: Too many channels</c>).</summary>
    public const int MaxChannelsPerConnection = 100;

    /// <summary>Largest broadcast or presence payload: 3000 KB, Supabase's <c>max_payload_size_in_kb</c> default.</summary>
    public const int MaxPayloadBytes = 3_000 * 1024;

    /// <summary>
    /// Frames one connection may have waiting to be written: 1024. At Supabase's benchmark rate of
    /// 2 messages/s per channel a healthy client never has more than a handful queued; 1024 leaves
    /// room for a burst across 100 channels while bounding a stuck client's queue.
    /// </summary>
    public const int MaxOutboundFrames = 1024;

    /// <summary>
    /// Bytes one connection may have waiting to be written: 16 MiB, about five maximum-size
    /// broadcasts. Frames are shared between recipients, so this bounds what one slow client pins,
    /// not a copy per client.
    /// </summary>
    public const int MaxOutboundBytes = 16 * 1024 * 1024;

    /// <summary>Presence calls (track/untrack) one channel member may make per window: 5 (Supabase's client limit).</summary>
    public const int PresenceCallsPerWindow = 5;

    /// <summary>Idle connection timeout: 60 s without any frame (Phoenix default; clients heartbeat every 25 s).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The window of <see cref="PresenceCallsPerWindow"/>: 30 s.</summary>
    public static readonly TimeSpan PresenceWindow = TimeSpan.FromSeconds(30);

    /// <summary>Delay before a refused upgrade is answered: 2 s, Supabase's anti-retry-storm delay.</summary>
    public static readonly TimeSpan ConnectErrorDelay = TimeSpan.FromSeconds(2);

    /// <summary>Delay before a join error reply: 5 s, Supabase's anti-retry-storm delay (the client's join timeout is 10 s).</summary>
    public static readonly TimeSpan JoinErrorDelay = TimeSpan.FromSeconds(5);

    /// <summary>Time a closing connection gets to flush its queue and finish the close handshake: 2 s.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Time a private-channel policy check may take before the join fails: 5 s.</summary>
    public static readonly TimeSpan AuthorizationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long broadcasts sent from the database stay in realtime.messages: 72 h, Supabase's retention.</summary>
    public static readonly TimeSpan BroadcastRetention = TimeSpan.FromHours(72);
}
