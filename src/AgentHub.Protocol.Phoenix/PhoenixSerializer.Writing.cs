using System.Buffers;
using System.Text.Json;
using AgentHub.Protocol.Phoenix.Internal;

namespace AgentHub.Protocol.Phoenix;

/// <content>Frame writers.</content>
public abstract partial class PhoenixSerializer
{
    private static readonly JsonEncodedText s_statusKey = JsonEncodedText.Encode(PhoenixLiterals.StatusKey);
    private static readonly JsonEncodedText s_responseKey = JsonEncodedText.Encode(PhoenixLiterals.ResponseKey);
    private static readonly JsonEncodedText s_ok = JsonEncodedText.Encode(PhoenixLiterals.StatusOk);
    private static readonly JsonEncodedText s_error = JsonEncodedText.Encode(PhoenixLiterals.StatusError);

    /// <summary>Writes <paramref name="message"/> as one text frame.</summary>
    /// <param name="output">Receives the frame bytes.</param>
    /// <param name="message">The message; its payload must be one valid JSON value (empty writes <c>{}</c>).</param>
    public void Write(IBufferWriter<byte> output, PhoenixMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        WritePush(output, message.JoinRef, message.Ref, message.Topic, message.Event, message.Payload.Span);
    }

    /// <summary>Writes a frame whose payload is already serialized JSON.</summary>
    /// <param name="output">Receives the frame bytes.</param>
    /// <param name="joinRef">The <c>join_ref</c>, or null (fan-out messages).</param>
    /// <param name="ref">The <c>ref</c>, or null (server-initiated pushes).</param>
    /// <param name="topic">The topic.</param>
    /// <param name="event">The event, usually a <see cref="PhoenixEventNames"/> constant.</param>
    /// <param name="payloadJson">
    /// The payload as one complete JSON value, copied verbatim without re-validation (it comes from
    /// our own parser or JSON writer); empty writes <c>{}</c>.
    /// </param>
    public void WritePush(IBufferWriter<byte> output, string? joinRef, string? @ref, string topic, string @event, ReadOnlySpan<byte> payloadJson)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(@event);
        var writer = JsonWriterCache.Rent(output);
        WriteFrameStart(writer, joinRef, @ref, topic, @event);
        WriteRawPayload(writer, payloadJson);
        WriteFrameEnd(writer);
        JsonWriterCache.Return(writer);
    }

    /// <summary>
    /// Writes a <c>phx_reply</c> frame: payload <c>{"status":"ok"|"error","response":&lt;responseJson&gt;}</c>.
    /// </summary>
    /// <param name="output">Receives the frame bytes.</param>
    /// <param name="joinRef">The <c>join_ref</c> of the push being answered (null for heartbeats).</param>
    /// <param name="ref">The <c>ref</c> of the push being answered; the client matches replies by it.</param>
    /// <param name="topic">The topic of the push being answered.</param>
    /// <param name="status">Ok or error.</param>
    /// <param name="responseJson">The response as one complete JSON value, copied verbatim; empty writes <c>{}</c>.</param>
    public void WriteReply(IBufferWriter<byte> output, string? joinRef, string? @ref, string topic, PhoenixReplyStatus status, ReadOnlySpan<byte> responseJson)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(topic);
        var writer = JsonWriterCache.Rent(output);
        WriteFrameStart(writer, joinRef, @ref, topic, PhoenixEventNames.PhxReply);
        writer.WriteStartObject();
        writer.WriteString(s_statusKey, status == PhoenixReplyStatus.Ok ? s_ok : s_error);
        writer.WritePropertyName(s_responseKey);
        WriteRawPayload(writer, responseJson);
        writer.WriteEndObject();
        WriteFrameEnd(writer);
        JsonWriterCache.Return(writer);
    }

    /// <summary>
    /// Serializes a push into its own exact-size array, to be shared by every recipient of this
    /// version (serialize once per (vsn, topic), then enqueue the same bytes everywhere).
    /// </summary>
    /// <inheritdoc cref="WritePush" path="/param[position() > 1]"/>
    public PhoenixFrame SerializePush(string? joinRef, string? @ref, string topic, string @event, ReadOnlySpan<byte> payloadJson)
    {
        ArgumentNullException.ThrowIfNull(topic);
        using var buffer = new PooledBufferWriter(EstimateFrameBytes(topic, payloadJson.Length));
        WritePush(buffer, joinRef, @ref, topic, @event, payloadJson);
        return new PhoenixFrame(PhoenixFrameType.Text, buffer.WrittenSpan.ToArray());
    }

    /// <summary>Serializes a <c>phx_reply</c> into its own exact-size array.</summary>
    /// <inheritdoc cref="WriteReply" path="/param[position() > 1]"/>
    public PhoenixFrame SerializeReply(string? joinRef, string? @ref, string topic, PhoenixReplyStatus status, ReadOnlySpan<byte> responseJson)
    {
        ArgumentNullException.ThrowIfNull(topic);
        using var buffer = new PooledBufferWriter(EstimateFrameBytes(topic, responseJson.Length));
        WriteReply(buffer, joinRef, @ref, topic, status, responseJson);
        return new PhoenixFrame(PhoenixFrameType.Text, buffer.WrittenSpan.ToArray());
    }

    /// <summary>Serializes a message into its own exact-size array.</summary>
    /// <param name="message">The message to serialize.</param>
    public PhoenixFrame Serialize(PhoenixMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SerializePush(message.JoinRef, message.Ref, message.Topic, message.Event, message.Payload.Span);
    }

    /// <summary>Writes the frame's opening and every field before the payload value.</summary>
    private protected abstract void WriteFrameStart(Utf8JsonWriter writer, string? joinRef, string? @ref, string topic, string @event);

    /// <summary>Closes the frame's array or object.</summary>
    private protected abstract void WriteFrameEnd(Utf8JsonWriter writer);

    private protected static void WriteNullableString(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static void WriteRawPayload(Utf8JsonWriter writer, ReadOnlySpan<byte> json)
    {
        // Skipping validation matters on the fan-out path: a 3000 KB broadcast payload would otherwise be
        // re-tokenized for every (vsn, topic) serialization although the parser already checked it.
        writer.WriteRawValue(json.IsEmpty ? PhoenixLiterals.EmptyObject : json, skipInputValidation: true);
    }

    // Envelope overhead is ~60 bytes plus refs and event; topics may expand up to 3x when UTF-16 is
    // transcoded. The pool rounds up anyway, so this only has to avoid a regrow in the common case.
    private static int EstimateFrameBytes(string topic, int payloadLength) =>
        payloadLength + (topic.Length * 3) + 256;
}
