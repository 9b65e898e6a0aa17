namespace AgentHub.Realtime.Authorization;

/// <summary>
/// What one identity may do on one channel, decided once at join (and again on token refresh) and
/// kept on the channel member, so delivery never asks the database (supabase fastlane metadata).
/// </summary>
internal readonly record struct ChannelPermissions(bool BroadcastRead, bool BroadcastWrite, bool PresenceRead, bool PresenceWrite)
{
    /// <summary>Public channels: everything is allowed.</summary>
    public static ChannelPermissions Public { get; } = new(true, true, true, true);

    /// <summary>Nothing is allowed.</summary>
    public static ChannelPermissions None { get; } = default;

    /// <summary>
    /// Supabase's join rule: broadcast read, or presence read when presence is enabled
    /// (presence read is only consulted for members that use presence).
    /// </summary>
    public bool CanJoin(bool presenceEnabled) => BroadcastRead || (presenceEnabled && PresenceRead);
}
