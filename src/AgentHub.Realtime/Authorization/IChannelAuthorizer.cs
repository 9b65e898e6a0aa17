namespace AgentHub.Realtime.Authorization;

/// <summary>
/// Decides what an identity may do on a private channel (docs/realtime-protocol.md 7.2). Called at
/// join and on token refresh, never per message.
/// </summary>
internal interface IChannelAuthorizer
{
    /// <summary>Evaluates read and write for broadcast and presence in one go.</summary>
    ValueTask<ChannelAuthorizationResult> AuthorizeAsync(ChannelAuthorizationRequest request, CancellationToken cancellationToken);
}
