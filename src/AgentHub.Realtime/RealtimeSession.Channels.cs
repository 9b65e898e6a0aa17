using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.FanOut;

namespace AgentHub.Realtime;

/// <content>Channel membership and the frames the connection sends about its own channels.</content>
internal sealed partial class RealtimeSession
{
    /// <summary>The joined channel for <paramref name="topic"/>; the caller holds the gate.</summary>
    public ChannelMember? FindMember(string topic) => _channels.GetValueOrDefault(topic);

    /// <summary>Records a member the registry just added; the caller holds the gate.</summary>
    public void Track(ChannelMember member)
    {
        _channels[member.Topic] = member;
        Hub.Metrics.ChannelJoined();
    }

    /// <summary>
    /// Closes a channel from the server side: the <c>system</c> error (when given), then
    /// removal, then <c>phx_close</c> with the join ref (docs/realtime-protocol.md 3.6 and 3.8).
    /// The caller holds the gate.
    /// </summary>
    public void CloseMember(ChannelMember member, string? systemError)
    {
        if (member.IsClosed)
        {
            return;
        }

        if (systemError is not null)
        {
            PushSystem(member, "system", ok: false, systemError);
            Log.ChannelShutdown(Hub.Logger, Id, member.Topic, systemError);
        }

        // Removed before phx_close is queued: once the client reads the close, the channel is gone
        // from the registry and the metrics, and no fan-out can queue a frame for it behind the close.
        RemoveMember(member);
        Push(member.JoinRef, member.JoinRef, member.Topic, PhoenixEventNames.PhxClose, ServerPayloads.Empty);
    }

    /// <summary>Takes a member out of the channel, the registry and the change-capture registry. The caller holds the gate.</summary>
    public void RemoveMember(ChannelMember member)
    {
        if (!member.TryClose())
        {
            return;
        }

        if (_channels.TryGetValue(member.Topic, out var current) && ReferenceEquals(current, member))
        {
            _channels.Remove(member.Topic);
        }

        Hub.Channels.Leave(member);
        if (member.PostgresChanges is { } postgresChanges)
        {
            Hub.PostgresChanges.Remove(postgresChanges);
        }

        Hub.Metrics.ChannelLeft();
    }

    /// <summary>Queues a <c>phx_reply</c>.</summary>
    public bool Reply(string? joinRef, string? @ref, string topic, PhoenixReplyStatus status, ReadOnlySpan<byte> response) =>
        Enqueue(Serializer.SerializeReply(joinRef, @ref, topic, status, response));

    /// <summary>Queues a push of this connection's own (not a fan-out).</summary>
    public bool Push(string? joinRef, string? @ref, string topic, string @event, ReadOnlySpan<byte> payload) =>
        Enqueue(Serializer.SerializePush(joinRef, @ref, topic, @event, payload));

    /// <summary>Queues a <c>system</c> message for a member; thread-safe (change capture calls it).</summary>
    public void PushSystem(ChannelMember member, string extension, bool ok, string message)
    {
        if (!member.IsClosed)
        {
            Push(member.JoinRef, null, member.Topic, PhoenixEventNames.System, ServerPayloads.System(extension, ok, message, member.SubTopic));
        }
    }

    /// <summary>Sends an error reply after <paramref name="delay"/> without holding up the connection's other frames.</summary>
    public void ReplyErrorLater(TimeSpan delay, string? joinRef, string? @ref, string topic, string reason)
    {
        var response = ServerPayloads.Reason(reason);
        if (delay <= TimeSpan.Zero)
        {
            Reply(joinRef, @ref, topic, PhoenixReplyStatus.Error, response);
            return;
        }

        _ = SendLaterAsync();

        async Task SendLaterAsync()
        {
            try
            {
                await Task.Delay(delay, Hub.Time, CloseRequested).ConfigureAwait(false);
                Reply(joinRef, @ref, topic, PhoenixReplyStatus.Error, response);
            }
            catch (OperationCanceledException)
            {
                // The connection is closing; nobody is waiting for the reply.
            }
        }
    }

    /// <summary>Arms the member's token-expiry check at its token's <c>exp</c> (at most an hour ahead, then re-armed).</summary>
    public void ScheduleExpiryCheck(ChannelMember member)
    {
        if (member.Token.ExpiresAt is not { } expiresAt)
        {
            return;
        }

        // Timers take at most ~49 days; API keys expire in years. Re-checking hourly costs nothing.
        var due = expiresAt - Hub.Time.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : due;
        member.ScheduleExpiryCheck(Hub.Time, due, static state =>
        {
            var expiring = (ChannelMember)state!;
            _ = expiring.Session.CheckExpiryAsync(expiring);
        });
    }

    private async Task CheckExpiryAsync(ChannelMember member)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_terminated || member.IsClosed)
            {
                return;
            }

            var check = Hub.Tokens.Recheck(member.Token);
            if (check.IsValid)
            {
                ScheduleExpiryCheck(member);
            }
            else
            {
                CloseMember(member, check.Message);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
