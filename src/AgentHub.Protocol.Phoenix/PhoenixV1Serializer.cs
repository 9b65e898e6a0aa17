using System.Text.Json;
using AgentHub.Protocol.Phoenix.Internal;

namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// vsn 1.0.0 (opt-in in realtime-js): text frames are JSON objects
/// <c>{"join_ref":…,"ref":…,"topic":…,"event":…,"payload":…}</c>.
/// </summary>
/// <remarks>
/// Parsing: <c>topic</c>, <c>event</c> and <c>payload</c> are required; <c>join_ref</c> and <c>ref</c> may be
/// absent (read as null); unknown properties are ignored; a repeated property takes its last value, as
/// the JSON decoders of Phoenix and JavaScript do. Writing always emits all five properties in the order
/// above. (Supabase omits <c>join_ref</c> from v1 server frames; including it lets the client drop stale
/// frames exactly as under vsn 2.0.0, and every v1 client reads it.)
/// </remarks>
public sealed class PhoenixV1Serializer : PhoenixSerializer
{
    /// <summary>The version string, <c>1.0.0</c>.</summary>
    public const string Version = "1.0.0";

    private static readonly JsonEncodedText s_joinRefKey = JsonEncodedText.Encode(PhoenixLiterals.JoinRefKey);
    private static readonly JsonEncodedText s_refKey = JsonEncodedText.Encode(PhoenixLiterals.RefKey);
    private static readonly JsonEncodedText s_topicKey = JsonEncodedText.Encode(PhoenixLiterals.TopicKey);
    private static readonly JsonEncodedText s_eventKey = JsonEncodedText.Encode(PhoenixLiterals.EventKey);
    private static readonly JsonEncodedText s_payloadKey = JsonEncodedText.Encode(PhoenixLiterals.PayloadKey);

    private PhoenixV1Serializer()
    {
    }

    /// <summary>The shared instance.</summary>
    public static PhoenixV1Serializer Instance { get; } = new();

    /// <inheritdoc/>
    public override string Vsn => Version;

    /// <inheritdoc/>
    public override bool SupportsBinaryFrames => false;

    /// <inheritdoc/>
    private protected override PhoenixParseResult<PhoenixMessage> ParseDocument(ref Utf8JsonReader reader, scoped in FrameSource source)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return ParseErrors.UnexpectedShape("vsn 1.0.0 text frame must be a JSON object");
        }

        string? joinRef = null;
        string? @ref = null;
        string? topic = null;
        string? @event = null;
        long payloadStart = -1;
        long payloadEnd = -1;
        PhoenixParseError error;

        // Inside an object a final-block reader yields PropertyName or EndObject, or throws.
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(PhoenixLiterals.TopicKey))
            {
                reader.Read();
                if (!JsonFrameReader.TryReadTopic(ref reader, out var value, out error))
                {
                    return error;
                }

                topic = value;
            }
            else if (reader.ValueTextEquals(PhoenixLiterals.EventKey))
            {
                reader.Read();
                if (!JsonFrameReader.TryReadEvent(ref reader, out var value, out error))
                {
                    return error;
                }

                @event = value;
            }
            else if (reader.ValueTextEquals(PhoenixLiterals.JoinRefKey))
            {
                reader.Read();
                if (!JsonFrameReader.TryReadRef(ref reader, isJoinRef: true, out joinRef, out error))
                {
                    return error;
                }
            }
            else if (reader.ValueTextEquals(PhoenixLiterals.RefKey))
            {
                reader.Read();
                if (!JsonFrameReader.TryReadRef(ref reader, isJoinRef: false, out @ref, out error))
                {
                    return error;
                }
            }
            else
            {
                var isPayload = reader.ValueTextEquals(PhoenixLiterals.PayloadKey);
                reader.Read();
                var start = reader.TokenStartIndex;
                if (!JsonFrameReader.TrySkipValue(ref reader, out error))
                {
                    return error;
                }

                // Only positions are kept, so a repeated payload costs no extra copy.
                if (isPayload)
                {
                    payloadStart = start;
                    payloadEnd = reader.BytesConsumed;
                }
            }
        }

        if (topic is null)
        {
            return ParseErrors.MissingField("topic");
        }

        if (@event is null)
        {
            return ParseErrors.MissingField("event");
        }

        if (payloadStart < 0)
        {
            return ParseErrors.MissingField("payload");
        }

        return Complete(ref reader, source, joinRef, @ref, topic, @event, payloadStart, payloadEnd);
    }

    /// <inheritdoc/>
    private protected override void WriteFrameStart(Utf8JsonWriter writer, string? joinRef, string? @ref, string topic, string @event)
    {
        writer.WriteStartObject();
        writer.WritePropertyName(s_joinRefKey);
        WriteNullableString(writer, joinRef);
        writer.WritePropertyName(s_refKey);
        WriteNullableString(writer, @ref);
        writer.WriteString(s_topicKey, topic);
        writer.WriteString(s_eventKey, @event);
        writer.WritePropertyName(s_payloadKey);
    }

    /// <inheritdoc/>
    private protected override void WriteFrameEnd(Utf8JsonWriter writer) => writer.WriteEndObject();
}
