using System.Collections.Concurrent;
using AgentHub.Realtime.Presence;

namespace AgentHub.Realtime;

/// <summary>
/// Every channel with at least one member, by (topic, privacy). A channel is created on its first
/// join and retired with its last member; a join that races a retirement retries on a fresh channel.
/// </summary>
internal sealed class ChannelRegistry(RealtimeMetrics metrics, IPresenceObserver? presenceObserver = null)
{
    private readonly ConcurrentDictionary<ChannelKey, Channel> _channels = new();

    public int Count => _channels.Count;

    public Channel? Find(ChannelKey key) => _channels.GetValueOrDefault(key);

    /// <summary>Adds a member built by <paramref name="create"/> for the channel it lands in.</summary>
    public ChannelMember Join(ChannelKey key, Func<Channel, ChannelMember> create, Protocol.Phoenix.PhoenixFrame reply)
    {
        while (true)
        {
            var channel = _channels.GetOrAdd(key, static (k, observer) => new Channel(k, observer), presenceObserver);
            var member = create(channel);
            if (channel.TryAdd(member, reply, out var first))
            {
                if (first)
                {
                    metrics.TopicOpened();
                }

                return member;
            }

            // Retired between lookup and add: drop it (if still mapped) and take a new one.
            _channels.TryRemove(new KeyValuePair<ChannelKey, Channel>(key, channel));
        }
    }

    public void Leave(ChannelMember member)
    {
        if (member.Channel.Remove(member))
        {
            _channels.TryRemove(new KeyValuePair<ChannelKey, Channel>(member.Channel.Key, member.Channel));
            metrics.TopicClosed();
        }
    }
}
