using System.Text.Json;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.FanOut;
using AgentHub.Realtime.Presence;

namespace AgentHub.Realtime;

/// <summary>
/// One channel (topic and privacy) shared by every connection that joined it: its members and its
/// presence state. Every change and every fan-out happens under one lock, which gives each channel a
/// single order that all members observe (join reply before any broadcast, diffs in track order,
/// broadcasts from different senders in the same order everywhere).
/// </summary>
/// <remarks>
/// The lock is held only for non-blocking work: enqueueing shared frames on bounded queues and
/// serializing a message at most once per protocol version. Members are a copy-on-write array, so
/// <see cref="Members"/> is a lock-free snapshot.
/// </remarks>
internal sealed class Channel
{
    private readonly Lock _sync = new();
    private readonly IPresenceObserver? _observer;
    private ChannelMember[] _members = [];
    private PresenceTracker? _presence;
    private bool _retired;

    public Channel(ChannelKey key, IPresenceObserver? observer = null)
    {
        Key = key;
        SubTopic = RealtimeTopics.SubTopic(key.Topic);
        _observer = observer is not null && observer.Observes(SubTopic, key.IsPrivate) ? observer : null;
    }

    public ChannelKey Key { get; }

    public string Topic => Key.Topic;

    public string SubTopic { get; }

    public bool IsPrivate => Key.IsPrivate;

    public ChannelMember[] Members => Volatile.Read(ref _members);

    /// <summary>
    /// Adds a member: queues its join reply, then (if it receives presence) the presence state, all
    /// before any later message of the channel. False when the channel was just retired (the caller
    /// takes a fresh one from the registry). <paramref name="first"/> tells whether it was empty.
    /// </summary>
    public bool TryAdd(ChannelMember member, PhoenixFrame reply, out bool first)
    {
        lock (_sync)
        {
            first = false;
            if (_retired)
            {
                return false;
            }

            first = _members.Length == 0;
            member.Session.Enqueue(reply);
            Volatile.Write(ref _members, [.. _members, member]);
            if (member.ReceivesPresence)
            {
                PushPresenceState(member);
            }

            return true;
        }
    }

    /// <summary>Removes a member and fans out the leave of what it tracked. True when the channel is now empty and retired.</summary>
    public bool Remove(ChannelMember member)
    {
        lock (_sync)
        {
            var index = Array.IndexOf(_members, member);
            if (index < 0)
            {
                return false;
            }

            Volatile.Write(ref _members, [.. _members.AsSpan(0, index), .. _members.AsSpan(index + 1)]);
            if (_presence?.Untrack(member) is { } left)
            {
                PublishPresenceDiff(null, left);
                Notify(member, left, PresenceNoticeKind.Left);
            }

            _retired = _members.Length == 0;
            return _retired;
        }
    }

    /// <summary>
    /// Delivers a broadcast to every member allowed to read it; the sender only when it asked for
    /// <c>self</c>. Each protocol version's frame is serialized once, on its first recipient.
    /// </summary>
    public void Broadcast(FanOutMessage message, ChannelMember? sender)
    {
        lock (_sync)
        {
            foreach (var member in _members)
            {
                if (!member.ReceivesBroadcast || (ReferenceEquals(member, sender) && !member.BroadcastSelf))
                {
                    continue;
                }

                if (message.TryGetFrame(member.Session.Serializer, out var frame))
                {
                    member.Session.Enqueue(frame);
                }
            }
        }
    }

    /// <summary>
    /// Tracks a presence payload: queues the reply, then the presence state if this track is what
    /// enables presence for the member, then the diff to every presence receiver (the tracker included).
    /// </summary>
    public void Track(ChannelMember member, PhoenixFrame reply, JsonElement payload, byte[] payloadJson)
    {
        lock (_sync)
        {
            member.Session.Enqueue(reply);
            if (member.IsClosed)
            {
                return;
            }

            if (!member.PresenceEnabled)
            {
                member.PresenceEnabled = true;
                if (member.ReceivesPresence)
                {
                    PushPresenceState(member);
                }
            }

            var (joined, left) = (_presence ??= new PresenceTracker()).Track(member, payload, payloadJson);
            if (joined is not null)
            {
                PublishPresenceDiff(joined, left);
                Notify(member, joined, left is null ? PresenceNoticeKind.Joined : PresenceNoticeKind.Updated);
            }
        }
    }

    /// <summary>Untracks the member's presence: queues the reply, then the leave diff.</summary>
    public void Untrack(ChannelMember member, PhoenixFrame reply)
    {
        lock (_sync)
        {
            member.Session.Enqueue(reply);
            if (_presence?.Untrack(member) is { } left)
            {
                PublishPresenceDiff(null, left);
                Notify(member, left, PresenceNoticeKind.Left);
            }
        }
    }

    private void Notify(ChannelMember member, PresenceEntry entry, PresenceNoticeKind kind) =>
        _observer?.OnPresence(new PresenceNotice(SubTopic, IsPrivate, entry.Key, kind, member.Token, entry.PayloadJson));

    private void PushPresenceState(ChannelMember member)
    {
        var state = _presence?.StateJson() ?? "{}"u8.ToArray();
        member.Session.Enqueue(member.Session.Serializer.SerializePush(member.JoinRef, null, Topic, PhoenixEventNames.PresenceState, state));
    }

    private void PublishPresenceDiff(PresenceEntry? joined, PresenceEntry? left)
    {
        var message = FanOutMessage.TextPush(Topic, PhoenixEventNames.PresenceDiff, PresenceJson.Diff(joined, left));
        foreach (var member in _members)
        {
            if (member.ReceivesPresence && message.TryGetFrame(member.Session.Serializer, out var frame))
            {
                member.Session.Enqueue(frame);
            }
        }
    }
}
