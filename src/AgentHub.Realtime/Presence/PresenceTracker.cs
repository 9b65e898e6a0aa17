using System.Text.Json;

namespace AgentHub.Realtime.Presence;

/// <summary>
/// The presence state of one channel: metas grouped by key, at most one per member. Not
/// thread-safe: the channel calls it under its lock, which also orders the resulting diffs with
/// every other message of the channel.
/// </summary>
internal sealed class PresenceTracker
{
    // Keys keep first-tracked order, so presence_state lists presences the way they arrived.
    private readonly Dictionary<string, List<PresenceEntry>> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<ChannelMember, PresenceEntry> _byMember = new(ReferenceEqualityComparer.Instance);

    public int Count => _byMember.Count;

    /// <summary>
    /// Tracks <paramref name="payload"/> for <paramref name="member"/>. Returns the new entry and the
    /// replaced one (null on a first track); both null when the payload did not change (a no-op).
    /// </summary>
    public (PresenceEntry? Joined, PresenceEntry? Left) Track(ChannelMember member, JsonElement payload, byte[] payloadJson)
    {
        _byMember.TryGetValue(member, out var previous);
        if (previous is not null && previous.PayloadJson.AsSpan().SequenceEqual(payloadJson))
        {
            return (null, null);
        }

        var phxRef = PresenceRefs.Next();
        var entry = new PresenceEntry(member, member.PresenceKey, phxRef, payloadJson, PresenceJson.Meta(phxRef, previous?.PhxRef, payload));
        if (previous is not null)
        {
            Remove(previous);
        }

        _byMember[member] = entry;
        if (!_byKey.TryGetValue(entry.Key, out var list))
        {
            _byKey[entry.Key] = list = new List<PresenceEntry>(1);
        }

        list.Add(entry);
        return (entry, previous);
    }

    /// <summary>Removes what <paramref name="member"/> tracked; returns it, or null if it tracked nothing.</summary>
    public PresenceEntry? Untrack(ChannelMember member)
    {
        if (!_byMember.TryGetValue(member, out var entry))
        {
            return null;
        }

        Remove(entry);
        return entry;
    }

    /// <summary>The <c>presence_state</c> payload.</summary>
    public byte[] StateJson() => PresenceJson.State(_byKey);

    private void Remove(PresenceEntry entry)
    {
        _byMember.Remove(entry.Member);
        if (_byKey.TryGetValue(entry.Key, out var list))
        {
            list.Remove(entry);
            if (list.Count == 0)
            {
                _byKey.Remove(entry.Key);
            }
        }
    }
}
