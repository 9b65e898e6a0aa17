using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using AgentHub.Auth.Tokens;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.Authorization;
using AgentHub.Realtime.FanOut;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AgentHub.Realtime.Transport;

/// <summary>
/// The broadcast HTTP API (docs/realtime-protocol.md 4.4). The batch endpoint delivers text
/// broadcasts; the single-message endpoint delivers user broadcasts (binary kind 4 to vsn 2.0.0
/// clients). Private topics need the caller's broadcast write permission, decided once per topic
/// per request.
/// </summary>
internal static class BroadcastApi
{
    /// <summary>Largest batch body: 16 MiB, room for five maximum-size messages.</summary>
    public const int MaxBatchBodyBytes = 16 * 1024 * 1024;

    public static async Task BatchAsync(HttpContext context, RealtimeHub hub)
    {
        var token = await AuthenticateAsync(context, hub).ConfigureAwait(false);
        if (token is null)
        {
            await RejectAsync(context, hub, StatusCodes.Status401Unauthorized, "message", "Unauthorized").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(context.Request.BodyReader, MaxBatchBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            await RejectAsync(context, hub, StatusCodes.Status413PayloadTooLarge, "message", $"Request body larger than {MaxBatchBodyBytes} bytes").ConfigureAwait(false);
            return;
        }

        var (messages, errors) = ParseBatch(body, hub.Options.MaxPayloadBytes);
        if (errors.Count > 0)
        {
            Log.BroadcastApiRejected(hub.Logger, StatusCodes.Status422UnprocessableEntity, string.Join("; ", errors));
            await HttpResponses.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("message", "Invalid broadcast messages");
                writer.WriteStartObject("errors");
                writer.WriteStartArray("messages");
                foreach (var error in errors)
                {
                    writer.WriteStringValue(error);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }

        var headers = HttpResponses.XHeadersJson(context.Request.Headers);
        var writable = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            if (message.IsPrivate)
            {
                if (!writable.TryGetValue(message.SubTopic, out var allowed))
                {
                    var result = await hub.Authorizer.AuthorizeAsync(new ChannelAuthorizationRequest(message.SubTopic, token, headers), context.RequestAborted).ConfigureAwait(false);
                    writable[message.SubTopic] = allowed = result.Status == ChannelAuthorizationStatus.Evaluated && result.Permissions.BroadcastWrite;
                }

                if (!allowed)
                {
                    // Supabase skips private messages the caller may not write, and still answers 202.
                    Log.BroadcastDenied(hub.Logger, message.SubTopic, token.Role);
                    continue;
                }
            }

            var topic = RealtimeTopics.FromName(message.SubTopic);
            var payload = PhoenixBroadcastPayload.Create(message.Event, message.PayloadJson, message.MetaJson);
            hub.Publish(new ChannelKey(topic, message.IsPrivate), FanOutMessage.TextPush(topic, PhoenixEventNames.Broadcast, payload));
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    public static async Task SingleAsync(HttpContext context, RealtimeHub hub)
    {
        var token = await AuthenticateAsync(context, hub).ConfigureAwait(false);
        if (token is null)
        {
            await RejectAsync(context, hub, StatusCodes.Status401Unauthorized, "error", "Unauthorized").ConfigureAwait(false);
            return;
        }

        var subTopic = (string)context.Request.RouteValues["topic"]!;
        var userEvent = (string)context.Request.RouteValues["event"]!;
        var topic = RealtimeTopics.FromName(subTopic);
        if (Encoding.UTF8.GetByteCount(topic) > PhoenixLimits.MaxTopicBytes || Encoding.UTF8.GetByteCount(userEvent) > PhoenixLimits.MaxEventBytes)
        {
            await RejectAsync(context, hub, StatusCodes.Status422UnprocessableEntity, "error", $"Topic and event must be at most {PhoenixLimits.MaxTopicBytes} bytes").ConfigureAwait(false);
            return;
        }

        PhoenixPayloadEncoding encoding;
        var contentType = context.Request.ContentType;
        if (string.IsNullOrEmpty(contentType) || IsMediaType(contentType, "application/json"))
        {
            encoding = PhoenixPayloadEncoding.Json;
        }
        else if (IsMediaType(contentType, "application/octet-stream"))
        {
            encoding = PhoenixPayloadEncoding.Binary;
        }
        else
        {
            await RejectAsync(context, hub, StatusCodes.Status415UnsupportedMediaType, "error", "Unsupported Media Type: use application/json or application/octet-stream").ConfigureAwait(false);
            return;
        }

        var payload = await ReadBodyAsync(context.Request.BodyReader, hub.Options.MaxPayloadBytes, context.RequestAborted).ConfigureAwait(false);
        if (payload is null)
        {
            await RejectAsync(context, hub, StatusCodes.Status422UnprocessableEntity, "error", $"Payload size exceeded: at most {hub.Options.MaxPayloadBytes} bytes").ConfigureAwait(false);
            return;
        }

        if (encoding == PhoenixPayloadEncoding.Json && !IsJsonValue(payload))
        {
            await RejectAsync(context, hub, StatusCodes.Status422UnprocessableEntity, "error", "The body is not valid JSON").ConfigureAwait(false);
            return;
        }

        var isPrivate = context.Request.Query["private"].FirstOrDefault() is { } flag && flag.Equals("true", StringComparison.OrdinalIgnoreCase);
        if (isPrivate)
        {
            var result = await hub.Authorizer.AuthorizeAsync(new ChannelAuthorizationRequest(subTopic, token, HttpResponses.XHeadersJson(context.Request.Headers)), context.RequestAborted).ConfigureAwait(false);
            if (result.Status == ChannelAuthorizationStatus.Unavailable)
            {
                await RejectAsync(context, hub, StatusCodes.Status500InternalServerError, "error", RealtimeErrors.DatabaseMessage).ConfigureAwait(false);
                return;
            }

            if (!result.Permissions.BroadcastWrite)
            {
                await RejectAsync(context, hub, StatusCodes.Status403Forbidden, "error", $"You do not have permission to broadcast to this Channel topic: {subTopic}").ConfigureAwait(false);
                return;
            }
        }

        hub.Publish(new ChannelKey(topic, isPrivate), FanOutMessage.UserBroadcast(topic, userEvent, encoding, payload));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    /// <summary>The Bearer token if present, else the <c>apikey</c> header (or query): a valid JWT with role and exp.</summary>
    private static async Task<VerifiedToken?> AuthenticateAsync(HttpContext context, RealtimeHub hub)
    {
        string? raw = null;
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            raw = authorization["Bearer ".Length..].Trim();
        }

        if (string.IsNullOrEmpty(raw))
        {
            raw = context.Request.Headers["apikey"].FirstOrDefault() ?? context.Request.Query["apikey"].FirstOrDefault();
        }

        var validation = await hub.Tokens.ValidateAsync(raw).ConfigureAwait(false);
        return validation.Token;
    }

    private static Task RejectAsync(HttpContext context, RealtimeHub hub, int status, string property, string message)
    {
        Log.BroadcastApiRejected(hub.Logger, status, message);
        return HttpResponses.WriteAsync(context, status, property, message);
    }

    private static (List<BatchMessage> Messages, List<string> Errors) ParseBatch(byte[] body, int maxPayloadBytes)
    {
        var messages = new List<BatchMessage>();
        var errors = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            errors.Add("body: is not valid JSON");
            return (messages, errors);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("messages", out var list)
                || list.ValueKind != JsonValueKind.Array
                || list.GetArrayLength() == 0)
            {
                errors.Add("messages: can't be blank");
                return (messages, errors);
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var where = $"messages[{index++}]";
                if (item.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{where}: must be an object");
                    continue;
                }

                var subTopic = item.TryGetProperty("topic", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
                var userEvent = item.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
                if (subTopic.Length == 0)
                {
                    errors.Add($"{where}.topic: can't be blank");
                }
                else if (Encoding.UTF8.GetByteCount(subTopic) + RealtimeTopics.Prefix.Length > PhoenixLimits.MaxTopicBytes)
                {
                    errors.Add($"{where}.topic: is too long");
                }

                if (userEvent.Length == 0)
                {
                    errors.Add($"{where}.event: can't be blank");
                }

                if (!item.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"{where}.payload: must be an object");
                    continue;
                }

                var payloadJson = Encoding.UTF8.GetBytes(payload.GetRawText());
                if (payloadJson.Length > maxPayloadBytes)
                {
                    errors.Add($"{where}.payload: Payload size exceeded");
                    continue;
                }

                var isPrivate = item.TryGetProperty("private", out var p)
                    && (p.ValueKind == JsonValueKind.True || (p.ValueKind == JsonValueKind.String && string.Equals(p.GetString(), "true", StringComparison.OrdinalIgnoreCase)));
                var meta = item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                    ? ServerPayloads.Write(w => { w.WriteStartObject(); w.WriteString("id", id.GetString()); w.WriteEndObject(); })
                    : [];
                messages.Add(new BatchMessage(subTopic, userEvent, payloadJson, meta, isPrivate));
            }
        }

        return (messages, errors);
    }

    private static bool IsMediaType(string contentType, string expected) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.Equals(expected, StringComparison.OrdinalIgnoreCase);

    private static bool IsJsonValue(byte[] payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = PhoenixLimits.MaxJsonDepth });
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads the whole body into one array; null when it exceeds <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(PipeReader reader, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.Buffer.Length > limit)
            {
                reader.AdvanceTo(result.Buffer.End);
                return null;
            }

            if (result.IsCompleted)
            {
                var body = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return body;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private sealed record BatchMessage(string SubTopic, string Event, byte[] PayloadJson, byte[] MetaJson, bool IsPrivate);
}
