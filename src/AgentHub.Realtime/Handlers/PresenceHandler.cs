using System.Text;
using System.Text.Json;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.FanOut;

namespace AgentHub.Realtime.Handlers;

/// <summary>
/// <c>presence</c> pushes, track and untrack (docs/realtime-protocol.md 5.1), with Supabase's
/// per-member call limit and track size limit (both close the channel with a <c>system</c> error).
/// </summary>
internal sealed class PresenceHandler(RealtimeHub hub)
{
    private static readonly byte[] s_notAMap = ServerPayloads.Reason(RealtimeErrors.PresencePayloadMustBeMap);

    public void Handle(RealtimeSession session, ChannelMember member, PhoenixMessage message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.Payload);
        }
        catch (JsonException)
        {
            // Unreachable for parsed frames (the parser validated the payload); kept for safety.
            session.Reply(member.JoinRef, message.Ref, member.Topic, PhoenixReplyStatus.Ok, ServerPayloads.Empty);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("event", out var eventElement) || eventElement.ValueKind != JsonValueKind.String)
            {
                // Supabase answers ok to a presence push without an event.
                session.Reply(member.JoinRef, message.Ref, member.Topic, PhoenixReplyStatus.Ok, ServerPayloads.Empty);
                return;
            }

            if (!member.PresenceRate.TryCount(hub.Time))
            {
                session.CloseMember(member, RealtimeErrors.ClientPresenceRateLimit);
                return;
            }

            switch (eventElement.GetString()!.ToLowerInvariant())
            {
                case "track":
                    Track(session, member, message, root);
                    break;
                case "untrack":
                    member.Channel.Untrack(member, Ok(session, member, message));
                    break;
                default:
                    session.Reply(member.JoinRef, message.Ref, member.Topic, PhoenixReplyStatus.Error, ServerPayloads.Empty);
                    break;
            }
        }
    }

    private void Track(RealtimeSession session, ChannelMember member, PhoenixMessage message, JsonElement root)
    {
        if (member.IsPrivate && !member.Permissions.PresenceWrite)
        {
            session.Reply(member.JoinRef, message.Ref, member.Topic, PhoenixReplyStatus.Error, ServerPayloads.Empty);
            return;
        }

        var payload = root.TryGetProperty("payload", out var value) ? value : default;
        if (payload.ValueKind == JsonValueKind.Undefined)
        {
            using var empty = JsonDocument.Parse("{}");
            Track(session, member, message, empty.RootElement, "{}"u8.ToArray());
            return;
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            session.Reply(member.JoinRef, message.Ref, member.Topic, PhoenixReplyStatus.Error, s_notAMap);
            return;
        }

        var payloadJson = Encoding.UTF8.GetBytes(payload.GetRawText());
        if (payloadJson.Length > hub.Options.MaxPayloadBytes)
        {
            session.CloseMember(member, RealtimeErrors.TrackMessageTooLarge);
            return;
        }

        Track(session, member, message, payload, payloadJson);
    }

    private static void Track(RealtimeSession session, ChannelMember member, PhoenixMessage message, JsonElement payload, byte[] payloadJson) =>
        member.Channel.Track(member, Ok(session, member, message), payload, payloadJson);

    private static PhoenixFrame Ok(RealtimeSession session, ChannelMember member, PhoenixMessage message) =>
        session.Serializer.SerializeReply(member.JoinRef, message.Ref, member.Topic, PhoenixReplyStatus.Ok, ServerPayloads.Empty);
}
