namespace AgentHub.Realtime.Presence;

/// <summary>
/// Sees presence change on the channels it chooses, for server-side consumers such as the agent
/// kit's presence mirror. The realtime server knows nothing of what the observer does with it.
/// </summary>
/// <remarks>
/// <see cref="OnPresence"/> runs under the channel's lock, in the channel's order: it must not block
/// or do I/O (queue the work instead). <see cref="Observes"/> is asked once when a channel is
/// created, so channels nobody observes pay nothing.
/// </remarks>
public interface IPresenceObserver
{
    /// <summary>Whether changes on this channel should be reported.</summary>
    bool Observes(string subTopic, bool isPrivate);

    /// <summary>One member's presence on an observed channel appeared, changed or ended.</summary>
    void OnPresence(PresenceNotice notice);
}
