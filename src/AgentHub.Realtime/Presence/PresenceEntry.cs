namespace AgentHub.Realtime.Presence;

/// <summary>One tracked meta: what a channel member tracked under its presence key.</summary>
/// <param name="Member">Who tracked it; a member tracks at most one meta per channel.</param>
/// <param name="Key">The presence key (<c>config.presence.key</c>, or a random UUID).</param>
/// <param name="PhxRef">The meta's unique ref; clients identify metas only by it.</param>
/// <param name="PayloadJson">The tracked payload object as sent, to spot a re-track with no change.</param>
/// <param name="MetaJson">The meta as sent to clients: the payload's fields plus <c>phx_ref</c> (and <c>phx_ref_prev</c> after an update).</param>
internal sealed record PresenceEntry(ChannelMember Member, string Key, string PhxRef, byte[] PayloadJson, byte[] MetaJson);
