using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.FanOut;

namespace AgentHub.Realtime.Handlers;

/// <summary>
/// Broadcast pushes (docs/realtime-protocol.md 4.1): text pushes are relayed with their payload
/// bytes untouched; binary kind-3 pushes go out as kind-4 frames to vsn 2.0.0 members. Neither path
/// parses the user payload.
/// </summary>
internal sealed class BroadcastHandler(RealtimeHub hub)
{
    private static readonly byte[] s_payloadSizeExceeded = ServerPayloads.Error(RealtimeErrors.PayloadSizeExceeded);

    public void HandleText(RealtimeSession session, ChannelMember member, PhoenixMessage message)
    {
        // The payload is the logical broadcast {"type":"broadcast","event":…,"payload":…}; anything but
        // an object would reach the clients' listener filters as garbage, so it is dropped here.
        if (!StartsObject(message.Payload.Span))
        {
            hub.Metrics.MalformedFrame();
            Log.MalformedFrame(hub.Logger, session.Id, "InvalidBroadcastPayload", "broadcast payload must be a JSON object");
            return;
        }

        if (Admit(session, member, message.Ref, message.Payload.Length))
        {
            Deliver(session, member, message.Ref, FanOutMessage.TextPush(member.Topic, PhoenixEventNames.Broadcast, message.Payload));
        }
    }

    public void HandleBinary(RealtimeSession session, UserBroadcastPushMessage push)
    {
        var member = session.FindMember(push.Topic);
        if (member is null)
        {
            if (push.Ref is not null)
            {
                session.Reply(push.JoinRef, push.Ref, push.Topic, PhoenixReplyStatus.Error, ServerPayloads.Reason(RealtimeErrors.UnmatchedTopic));
            }

            return;
        }

        if (Admit(session, member, push.Ref, push.Payload.Length))
        {
            Deliver(session, member, push.Ref, FanOutMessage.UserBroadcast(member.Topic, push.UserEvent, push.PayloadEncoding, push.Payload));
        }
    }

    private bool Admit(RealtimeSession session, ChannelMember member, string? @ref, int payloadBytes)
    {
        if (member.IsPrivate && !member.Permissions.BroadcastWrite)
        {
            // Supabase drops it without any reply, even with ack: the client's push times out.
            Log.BroadcastDenied(hub.Logger, member.Topic, member.Token.Role);
            return false;
        }

        if (payloadBytes > hub.Options.MaxPayloadBytes)
        {
            if (member.BroadcastAck)
            {
                session.Reply(member.JoinRef, @ref, member.Topic, PhoenixReplyStatus.Error, s_payloadSizeExceeded);
            }

            return false;
        }

        return true;
    }

    private static void Deliver(RealtimeSession session, ChannelMember member, string? @ref, FanOutMessage message)
    {
        member.Channel.Broadcast(message, sender: member);
        if (member.BroadcastAck)
        {
            // After the fan-out is queued, as Supabase does, so an "ok" means every member has it queued.
            session.Reply(member.JoinRef, @ref, member.Topic, PhoenixReplyStatus.Ok, ServerPayloads.Empty);
        }
    }

    private static bool StartsObject(ReadOnlySpan<byte> json)
    {
        var start = json.IndexOfAnyExcept(" \t\r\n"u8);
        return start >= 0 && json[start] == (byte)'{';
    }
}
