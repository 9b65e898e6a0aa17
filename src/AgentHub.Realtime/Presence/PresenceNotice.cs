using AgentHub.Auth.Tokens;

namespace AgentHub.Realtime.Presence;

/// <summary>What happened to a presence.</summary>
public enum PresenceNoticeKind
{
    /// <summary>The member tracked for the first time on this channel.</summary>
    Joined,

    /// <summary>The member tracked again with a different payload.</summary>
    Updated,

    /// <summary>The member untracked, left the channel or disconnected.</summary>
    Left,
}

/// <summary>One member's presence change, as reported to an <see cref="IPresenceObserver"/>.</summary>
/// <param name="SubTopic">The channel's topic without the <c>realtime:</c> prefix.</param>
/// <param name="IsPrivate">Whether the channel is private.</param>
/// <param name="Key">The presence key the member joined with.</param>
/// <param name="Kind">Joined, updated or left.</param>
/// <param name="Token">The member's verified identity: lets an observer trust a key only if the token vouches for it.</param>
/// <param name="PayloadJson">The tracked payload object (for <see cref="PresenceNoticeKind.Left"/>, the last one).</param>
public sealed record PresenceNotice(string SubTopic, bool IsPrivate, string Key, PresenceNoticeKind Kind, VerifiedToken Token, ReadOnlyMemory<byte> PayloadJson);
