namespace AgentHub.Realtime.Authorization;

/// <summary>The verdict of one private-channel policy check.</summary>
internal readonly record struct ChannelAuthorizationResult(ChannelAuthorizationStatus Status, ChannelPermissions Permissions)
{
    public static ChannelAuthorizationResult Unavailable { get; } = new(ChannelAuthorizationStatus.Unavailable, ChannelPermissions.None);

    public static ChannelAuthorizationResult PolicyError { get; } = new(ChannelAuthorizationStatus.PolicyError, ChannelPermissions.None);
}
