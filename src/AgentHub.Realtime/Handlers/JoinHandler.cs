using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.Authorization;
using AgentHub.Realtime.FanOut;
using AgentHub.Realtime.PostgresChanges;
using AgentHub.Realtime.Presence;

namespace AgentHub.Realtime.Handlers;

/// <summary>
/// <c>phx_join</c> and <c>phx_leave</c> (docs/realtime-protocol.md 3.2–3.6): validates the topic,
/// the limits and the channel's token, decides private-channel permissions once, registers
/// <c>postgres_changes</c> subscriptions and answers with their ids.
/// </summary>
internal sealed class JoinHandler(RealtimeHub hub)
{
    public async ValueTask HandleJoinAsync(RealtimeSession session, PhoenixMessage message)
    {
        var topic = message.Topic;
        if (!RealtimeTopics.IsChannelTopic(topic))
        {
            // Phoenix routes only "realtime:*"; anything else is refused at once, without Supabase's delay.
            session.Reply(message.JoinRef, message.Ref, topic, PhoenixReplyStatus.Error, ServerPayloads.Reason(RealtimeErrors.UnmatchedTopic));
            return;
        }

        if (session.FindMember(topic) is { } existing)
        {
            session.CloseMember(existing, systemError: null);
        }

        var subTopic = RealtimeTopics.SubTopic(topic);
        if (subTopic.Length == 0)
        {
            Refuse(session, message, RealtimeErrors.TopicNameRequired);
            return;
        }

        var config = JoinConfig.Parse(message.Payload);
        if (config.Problem is { } problem)
        {
            Log.InvalidJoinPayload(hub.Logger, session.Id, topic, problem);
        }

        if (hub.Options.PrivateOnly && !config.IsPrivate)
        {
            Refuse(session, message, RealtimeErrors.PrivateOnly);
            return;
        }

        if (session.ChannelCount >= hub.Options.MaxChannelsPerConnection)
        {
            Refuse(session, message, RealtimeErrors.TooManyChannels);
            return;
        }

        if (config.HasReplay && !config.IsPrivate)
        {
            Refuse(session, message, RealtimeErrors.ReplayOnPublic);
            return;
        }

        var (validation, rawToken) = await ResolveIdentityAsync(session, config.AccessToken).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            Refuse(session, message, validation.JoinReason);
            return;
        }

        var token = validation.Token!;
        var permissions = ChannelPermissions.Public;
        if (config.IsPrivate)
        {
            var result = await hub.Authorizer.AuthorizeAsync(new ChannelAuthorizationRequest(subTopic, token, session.HeadersJson), session.CloseRequested).ConfigureAwait(false);
            if (result.Status == ChannelAuthorizationStatus.Unavailable)
            {
                Refuse(session, message, RealtimeErrors.UnableToConnect);
                return;
            }

            if (result.Status == ChannelAuthorizationStatus.PolicyError || !result.Permissions.CanJoin(config.PresenceEnabled))
            {
                Refuse(session, message, RealtimeErrors.Unauthorized(subTopic));
                return;
            }

            permissions = result.Permissions;
        }

        var entries = PostgresChangesEntryParser.Parse(config.PostgresChanges);
        var reply = session.Serializer.SerializeReply(message.JoinRef, message.Ref, topic, PhoenixReplyStatus.Ok, ServerPayloads.Write(writer =>
        {
            writer.WriteStartObject();
            PostgresChangesEntryParser.WriteReplyProperty(writer, entries);
            writer.WriteEndObject();
        }));

        // Phoenix uses the join push's ref as the channel's join ref; realtime-js sends both equal.
        var joinRef = message.JoinRef ?? message.Ref ?? "";
        var presenceKey = config.PresenceKey.Length > 0 ? config.PresenceKey : Guid.NewGuid().ToString();
        var member = hub.Channels.Join(
            new ChannelKey(topic, config.IsPrivate),
            channel => new ChannelMember(session, channel, joinRef, config, presenceKey, token, rawToken, permissions,
                new PresenceRateWindow(hub.Options.PresenceCallsPerWindow, hub.Options.PresenceWindow)),
            reply);
        session.Track(member);
        session.ScheduleExpiryCheck(member);
        Log.ChannelJoined(hub.Logger, session.Id, topic, config.IsPrivate, token.Role);
        SubscribePostgresChanges(session, member, entries);
    }

    public void HandleLeave(RealtimeSession session, ChannelMember? member, PhoenixMessage message)
    {
        if (member is null)
        {
            session.Reply(message.JoinRef, message.Ref, message.Topic, PhoenixReplyStatus.Ok, ServerPayloads.Empty);
            return;
        }

        session.Reply(member.JoinRef, message.Ref, message.Topic, PhoenixReplyStatus.Ok, ServerPayloads.Empty);
        session.CloseMember(member, systemError: null);
    }

    /// <summary>
    /// The channel's identity (docs/realtime-protocol.md 1.3): the join's token, unless it is absent
    /// or an opaque <c>sb_</c> key, in which case the connection's (re-checked for expiry).
    /// </summary>
    private async ValueTask<(TokenValidation Validation, string RawToken)> ResolveIdentityAsync(RealtimeSession session, string? raw)
    {
        if (raw is null || raw.StartsWith("sb_", StringComparison.Ordinal) || raw == session.ConnectTokenRaw)
        {
            return (hub.Tokens.Recheck(session.ConnectToken), session.ConnectTokenRaw);
        }

        return (await hub.Tokens.ValidateAsync(raw).ConfigureAwait(false), raw);
    }

    private void SubscribePostgresChanges(RealtimeSession session, ChannelMember member, List<PostgresChangesEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var valid = new List<PostgresChangesSubscription>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.Subscription is { } subscription)
            {
                valid.Add(subscription);
            }
            else
            {
                // Supabase answers the join, then reports the bad parameters; broadcast and presence keep working.
                Log.PostgresChangesRejected(hub.Logger, member.Topic, entry.Error!);
                session.PushSystem(member, "postgres_changes", ok: false, entry.Error!);
            }
        }

        if (valid.Count == 0)
        {
            return;
        }

        var channel = new PostgresChangesChannel(member, valid);
        member.PostgresChanges = channel;
        if (!hub.PostgresChanges.Add(channel))
        {
            Log.ChangeCaptureNotRunning(hub.Logger, member.Topic, valid.Count);
            session.PushSystem(member, "postgres_changes", ok: false, RealtimeErrors.ChangeCaptureNotRunning);
        }
    }

    private void Refuse(RealtimeSession session, PhoenixMessage message, string reason)
    {
        Log.JoinRefused(hub.Logger, session.Id, message.Topic, reason);
        session.ReplyErrorLater(hub.Options.JoinErrorDelay, message.JoinRef, message.Ref, message.Topic, reason);
    }
}
