namespace AgentHub.Realtime;

/// <summary>
/// Settings of the realtime server (configuration section <c>AgentHub:Realtime</c>). Every default
/// is the <see cref="RealtimeLimits"/> constant of the same name.
/// </summary>
public sealed class RealtimeOptions
{
    /// <summary>Configuration section the server binds.</summary>
    public const string SectionName = "AgentHub:Realtime";

    /// <summary>Concurrent WebSocket connections; further upgrades get 429.</summary>
    public int MaxConnections { get; set; } = RealtimeLimits.MaxConnections;

    /// <summary>Channels per connection.</summary>
    public int MaxChannelsPerConnection { get; set; } = RealtimeLimits.MaxChannelsPerConnection;

    /// <summary>Largest broadcast or presence payload, in bytes.</summary>
    public int MaxPayloadBytes { get; set; } = RealtimeLimits.MaxPayloadBytes;

    /// <summary>Frames a connection may have queued before it is disconnected as a slow consumer.</summary>
    public int MaxOutboundFrames { get; set; } = RealtimeLimits.MaxOutboundFrames;

    /// <summary>Bytes a connection may have queued before it is disconnected as a slow consumer.</summary>
    public int MaxOutboundBytes { get; set; } = RealtimeLimits.MaxOutboundBytes;

    /// <summary>Presence calls per channel member per <see cref="PresenceWindow"/>.</summary>
    public int PresenceCallsPerWindow { get; set; } = RealtimeLimits.PresenceCallsPerWindow;

    /// <summary>Window of the per-member presence call limit.</summary>
    public TimeSpan PresenceWindow { get; set; } = RealtimeLimits.PresenceWindow;

    /// <summary>A connection that sends nothing for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = RealtimeLimits.IdleTimeout;

    /// <summary>Delay before a refused upgrade is answered.</summary>
    public TimeSpan ConnectErrorDelay { get; set; } = RealtimeLimits.ConnectErrorDelay;

    /// <summary>Delay before a join error reply is sent.</summary>
    public TimeSpan JoinErrorDelay { get; set; } = RealtimeLimits.JoinErrorDelay;

    /// <summary>Time a closing connection gets to flush and finish the close handshake.</summary>
    public TimeSpan CloseTimeout { get; set; } = RealtimeLimits.CloseTimeout;

    /// <summary>Time a private-channel policy check may take.</summary>
    public TimeSpan AuthorizationTimeout { get; set; } = RealtimeLimits.AuthorizationTimeout;

    /// <summary>How long broadcasts sent from the database (<c>realtime.send</c>) are kept in <c>realtime.messages</c>.</summary>
    public TimeSpan BroadcastRetention { get; set; } = RealtimeLimits.BroadcastRetention;

    /// <summary>When true, joins of public channels are refused (<c>PrivateOnly</c>), like Supabase's project setting.</summary>
    public bool PrivateOnly { get; set; }

    /// <summary>Problems with the settings, one message per problem.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxConnections < 1) errors.Add($"{SectionName}:MaxConnections must be at least 1, got {MaxConnections}.");
        if (MaxChannelsPerConnection < 1) errors.Add($"{SectionName}:MaxChannelsPerConnection must be at least 1, got {MaxChannelsPerConnection}.");
        if (MaxPayloadBytes < 1) errors.Add($"{SectionName}:MaxPayloadBytes must be at least 1, got {MaxPayloadBytes}.");
        if (MaxOutboundFrames < 2) errors.Add($"{SectionName}:MaxOutboundFrames must be at least 2, got {MaxOutboundFrames}.");
        if (MaxOutboundBytes < 1024) errors.Add($"{SectionName}:MaxOutboundBytes must be at least 1024, got {MaxOutboundBytes}.");
        if (PresenceCallsPerWindow < 1) errors.Add($"{SectionName}:PresenceCallsPerWindow must be at least 1, got {PresenceCallsPerWindow}.");
        if (IdleTimeout <= TimeSpan.Zero) errors.Add($"{SectionName}:IdleTimeout must be positive.");
        if (BroadcastRetention < TimeSpan.FromMinutes(1)) errors.Add($"{SectionName}:BroadcastRetention must be at least a minute, got {BroadcastRetention}.");
        if (ConnectErrorDelay < TimeSpan.Zero || JoinErrorDelay < TimeSpan.Zero) errors.Add($"{SectionName}: error delays must not be negative.");
        return errors;
    }
}
