using AgentHub.Auth.Tokens;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.PostgresChanges;

/// <summary>
/// A joined channel that asked for <c>postgres_changes</c>, as the change-capture side sees it: who
/// the subscriber is, how to write frames for it, and a way to deliver them without knowing about
/// sockets. Valid until <see cref="IsOpen"/> turns false (leave, disconnect, token expiry).
/// </summary>
/// <example>
/// <code>
/// // In the CDC dispatcher, for one change and one channel with matching subscription ids 31245811, 77:
/// var frame = channel.Serializer.SerializePush(null, null, channel.Topic, "postgres_changes", payloadJson);
/// if (!channel.TryEnqueue(frame)) { /* closed or a slow consumer that is being disconnected */ }
/// </code>
/// </example>
public sealed class PostgresChangesChannel
{
    private readonly ChannelMember _member;

    internal PostgresChangesChannel(ChannelMember member, IReadOnlyList<PostgresChangesSubscription> subscriptions)
    {
        _member = member;
        Subscriptions = subscriptions;
        foreach (var subscription in subscriptions)
        {
            subscription.Channel = this;
        }
    }

    /// <summary>The channel topic (<c>realtime:</c> + name); change frames use it as their topic.</summary>
    public string Topic => _member.Topic;

    /// <summary>The channel name without <c>realtime:</c>, as <c>system</c> messages report it.</summary>
    public string Name => _member.SubTopic;

    /// <summary>The join ref of the channel.</summary>
    public string JoinRef => _member.JoinRef;

    /// <summary>The subscriber connection's serializer (vsn 1.0.0 or 2.0.0).</summary>
    public PhoenixSerializer Serializer => _member.Session.Serializer;

    /// <summary>The channel's current identity; changes on token refresh (<see cref="IPostgresChangesBackend.TokenChanged"/>).</summary>
    public VerifiedToken Token => _member.Token;

    /// <summary>This channel's subscriptions, in join order.</summary>
    public IReadOnlyList<PostgresChangesSubscription> Subscriptions { get; }

    /// <summary>False once the channel has left or its connection closed; frames are then dropped.</summary>
    public bool IsOpen => !_member.IsClosed;

    /// <summary>
    /// Queues a complete frame (written with <see cref="Serializer"/>) on the subscriber's bounded
    /// outbound queue. Thread-safe and non-blocking. Returns false when the channel is closed or the
    /// queue is full, in which case the connection is being disconnected as a slow consumer.
    /// </summary>
    public bool TryEnqueue(PhoenixFrame frame) => !_member.IsClosed && _member.Session.Enqueue(frame);

    /// <summary>Tells the client the subscriptions are live: <c>system</c> ok "Subscribed to PostgreSQL".</summary>
    public void ReportSubscribed() => _member.Session.PushSystem(_member, "postgres_changes", ok: true, "Subscribed to PostgreSQL");

    /// <summary>Tells the client subscribing failed (the channel stays open for broadcast and presence).</summary>
    /// <param name="message">What went wrong, for example <c>invalid column for filter room_id</c>.</param>
    public void ReportSubscriptionError(string message) => _member.Session.PushSystem(_member, "postgres_changes", ok: false, message);

    /// <inheritdoc/>
    public override string ToString() => $"{Topic} ({Subscriptions.Count} subscriptions, join ref {JoinRef})";
}
