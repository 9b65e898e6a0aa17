using System.Text.Json;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.Authorization;

namespace AgentHub.Realtime.Handlers;

/// <summary>
/// <c>access_token</c> pushes (docs/realtime-protocol.md 7.1): re-verifies the new token, re-decides
/// private-channel permissions and moves the channel (and its change subscriptions) to the new
/// identity. No reply on success; on failure a <c>system</c> error and <c>phx_close</c>.
/// </summary>
internal sealed class AccessTokenHandler(RealtimeHub hub)
{
    public async ValueTask HandleAsync(RealtimeSession session, ChannelMember member, PhoenixMessage message)
    {
        var raw = ReadToken(message.Payload);

        // Ignored like Supabase: null, opaque sb_ keys, and the token the channel already has.
        if (raw is null || raw.StartsWith("sb_", StringComparison.Ordinal) || raw == (member.RawToken ?? session.ConnectTokenRaw))
        {
            return;
        }

        var validation = await hub.Tokens.ValidateAsync(raw).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            session.CloseMember(member, validation.Message);
            return;
        }

        var token = validation.Token!;
        var permissions = ChannelPermissions.Public;
        if (member.IsPrivate)
        {
            var result = await hub.Authorizer.AuthorizeAsync(new ChannelAuthorizationRequest(member.SubTopic, token, session.HeadersJson), session.CloseRequested).ConfigureAwait(false);
            if (result.Status == ChannelAuthorizationStatus.Unavailable)
            {
                session.CloseMember(member, RealtimeErrors.DatabaseMessage);
                return;
            }

            permissions = result.Permissions;
            var previous = member.Permissions;
            if ((previous.BroadcastRead && !permissions.BroadcastRead) || (previous.PresenceRead && !permissions.PresenceRead))
            {
                session.CloseMember(member, RealtimeErrors.ReadRevoked(member.SubTopic));
                return;
            }
        }

        if (member.IsClosed)
        {
            return;
        }

        member.UpdateIdentity(token, raw, permissions);
        session.ScheduleExpiryCheck(member);
        if (member.PostgresChanges is { } postgresChanges)
        {
            hub.PostgresChanges.TokenChanged(postgresChanges);
        }
    }

    private static string? ReadToken(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("access_token", out var token)
                && token.ValueKind == JsonValueKind.String
                    ? token.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
