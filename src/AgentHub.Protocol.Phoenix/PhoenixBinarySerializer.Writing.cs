using System.Buffers;
using System.Text;

namespace AgentHub.Protocol.Phoenix;

/// <content>Frame writers. Invalid arguments (a field over 255 bytes) are caller bugs and throw.</content>
public static partial class PhoenixBinarySerializer
{
    /// <summary>Writes a kind-4 user broadcast frame (server to client).</summary>
    /// <param name="output">Receives the frame bytes.</param>
    /// <param name="topic">The channel topic (at most 255 UTF-8 bytes).</param>
    /// <param name="userEvent">The app's event name (at most 255 UTF-8 bytes).</param>
    /// <param name="metadataJson">Metadata as JSON object text, or empty for none (at most 255 bytes).</param>
    /// <param name="payloadEncoding">How <paramref name="payload"/> is encoded.</param>
    /// <param name="payload">The user payload, copied verbatim.</param>
    /// <exception cref="ArgumentException">A field is longer than 255 bytes.</exception>
    public static void WriteUserBroadcast(IBufferWriter<byte> output, string topic, string userEvent, ReadOnlySpan<byte> metadataJson, PhoenixPayloadEncoding payloadEncoding, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        var headerSize = MeasureHeader(PhoenixBinaryKind.UserBroadcast, null, null, topic, userEvent, metadataJson.Length, payloadEncoding);
        WriteHeader(output.GetSpan(headerSize), PhoenixBinaryKind.UserBroadcast, null, null, topic, userEvent, metadataJson, payloadEncoding);
        output.Advance(headerSize);

        // BuffersExtensions.Write splits a large payload over as many buffer segments as the writer hands out.
        output.Write(payload);
    }

    /// <summary>Writes <paramref name="message"/> as a kind-4 frame.</summary>
    /// <param name="output">Receives the frame bytes.</param>
    /// <param name="message">The broadcast.</param>
    public static void WriteUserBroadcast(IBufferWriter<byte> output, UserBroadcastMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        WriteUserBroadcast(output, message.Topic, message.UserEvent, message.Metadata.Span, message.PayloadEncoding, message.Payload.Span);
    }

    /// <summary>
    /// Serializes a kind-4 frame into its own exact-size array, to be shared by every vsn 2.0.0 recipient.
    /// </summary>
    /// <inheritdoc cref="WriteUserBroadcast(IBufferWriter{byte}, string, string, ReadOnlySpan{byte}, PhoenixPayloadEncoding, ReadOnlySpan{byte})" path="/param[position() > 1]"/>
    public static PhoenixFrame SerializeUserBroadcast(string topic, string userEvent, ReadOnlySpan<byte> metadataJson, PhoenixPayloadEncoding payloadEncoding, ReadOnlySpan<byte> payload)
    {
        var headerSize = MeasureHeader(PhoenixBinaryKind.UserBroadcast, null, null, topic, userEvent, metadataJson.Length, payloadEncoding);
        var bytes = GC.AllocateUninitializedArray<byte>(headerSize + payload.Length);
        WriteHeader(bytes, PhoenixBinaryKind.UserBroadcast, null, null, topic, userEvent, metadataJson, payloadEncoding);
        payload.CopyTo(bytes.AsSpan(headerSize));
        return new PhoenixFrame(PhoenixFrameType.Binary, bytes);
    }

    /// <summary>Writes a kind-3 user broadcast push frame (client to server).</summary>
    /// <param name="output">Receives the frame bytes.</param>
    /// <param name="joinRef">The channel's join ref, or null (at most 255 UTF-8 bytes).</param>
    /// <param name="ref">The push ref, or null (at most 255 UTF-8 bytes).</param>
    /// <param name="topic">The channel topic (at most 255 UTF-8 bytes).</param>
    /// <param name="userEvent">The app's event name (at most 255 UTF-8 bytes).</param>
    /// <param name="metadataJson">Metadata as JSON object text, or empty for none (at most 255 bytes).</param>
    /// <param name="payloadEncoding">How <paramref name="payload"/> is encoded.</param>
    /// <param name="payload">The user payload, copied verbatim.</param>
    /// <exception cref="ArgumentException">A field is longer than 255 bytes.</exception>
    public static void WriteUserBroadcastPush(
        IBufferWriter<byte> output,
        string? joinRef,
        string? @ref,
        string topic,
        string userEvent,
        ReadOnlySpan<byte> metadataJson,
        PhoenixPayloadEncoding payloadEncoding,
        ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(output);
        var headerSize = MeasureHeader(PhoenixBinaryKind.UserBroadcastPush, joinRef, @ref, topic, userEvent, metadataJson.Length, payloadEncoding);
        WriteHeader(output.GetSpan(headerSize), PhoenixBinaryKind.UserBroadcastPush, joinRef, @ref, topic, userEvent, metadataJson, payloadEncoding);
        output.Advance(headerSize);
        output.Write(payload);
    }

    /// <summary>Writes <paramref name="message"/> as a kind-3 frame.</summary>
    /// <param name="output">Receives the frame bytes.</param>
    /// <param name="message">The broadcast push.</param>
    public static void WriteUserBroadcastPush(IBufferWriter<byte> output, UserBroadcastPushMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        WriteUserBroadcastPush(output, message.JoinRef, message.Ref, message.Topic, message.UserEvent, message.Metadata.Span, message.PayloadEncoding, message.Payload.Span);
    }

    /// <summary>Serializes a kind-3 frame into its own exact-size array.</summary>
    /// <inheritdoc cref="WriteUserBroadcastPush(IBufferWriter{byte}, string?, string?, string, string, ReadOnlySpan{byte}, PhoenixPayloadEncoding, ReadOnlySpan{byte})" path="/param[position() > 1]"/>
    public static PhoenixFrame SerializeUserBroadcastPush(string? joinRef, string? @ref, string topic, string userEvent, ReadOnlySpan<byte> metadataJson, PhoenixPayloadEncoding payloadEncoding, ReadOnlySpan<byte> payload)
    {
        var headerSize = MeasureHeader(PhoenixBinaryKind.UserBroadcastPush, joinRef, @ref, topic, userEvent, metadataJson.Length, payloadEncoding);
        var bytes = GC.AllocateUninitializedArray<byte>(headerSize + payload.Length);
        WriteHeader(bytes, PhoenixBinaryKind.UserBroadcastPush, joinRef, @ref, topic, userEvent, metadataJson, payloadEncoding);
        payload.CopyTo(bytes.AsSpan(headerSize));
        return new PhoenixFrame(PhoenixFrameType.Binary, bytes);
    }

    /// <summary>Validates the arguments and returns the size of everything before the payload.</summary>
    private static int MeasureHeader(PhoenixBinaryKind kind, string? joinRef, string? @ref, string topic, string userEvent, int metadataLength, PhoenixPayloadEncoding payloadEncoding)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(userEvent);
        if (payloadEncoding is not (PhoenixPayloadEncoding.Binary or PhoenixPayloadEncoding.Json))
        {
            throw new ArgumentOutOfRangeException(nameof(payloadEncoding), payloadEncoding, "Only Binary (0) and JSON (1) exist.");
        }

        if (metadataLength > MaxFieldBytes)
        {
            throw new ArgumentException($"Metadata is {metadataLength} bytes; binary frames allow at most {MaxFieldBytes}.", "metadataJson");
        }

        var size = kind == PhoenixBinaryKind.UserBroadcastPush
            ? UserBroadcastPushHeaderBytes + FieldLength(joinRef, nameof(joinRef)) + FieldLength(@ref, nameof(@ref))
            : UserBroadcastHeaderBytes;
        return size + FieldLength(topic, nameof(topic)) + FieldLength(userEvent, nameof(userEvent)) + metadataLength;
    }

    private static int FieldLength(string? value, string paramName)
    {
        var length = value is null ? 0 : Encoding.UTF8.GetByteCount(value);
        if (length > MaxFieldBytes)
        {
            throw new ArgumentException($"The value is {length} UTF-8 bytes; binary frames allow at most {MaxFieldBytes}.", paramName);
        }

        return length;
    }

    /// <summary>Writes kind, lengths, encoding and every field up to the payload; sizes were checked by <see cref="MeasureHeader"/>.</summary>
    private static void WriteHeader(Span<byte> destination, PhoenixBinaryKind kind, string? joinRef, string? @ref, string topic, string userEvent, ReadOnlySpan<byte> metadata, PhoenixPayloadEncoding payloadEncoding)
    {
        var isPush = kind == PhoenixBinaryKind.UserBroadcastPush;
        var fieldCount = isPush ? 5 : 3;
        destination[0] = (byte)kind;
        destination[fieldCount + 1] = (byte)payloadEncoding;
        var offset = fieldCount + 2;
        var lengthIndex = 1;
        if (isPush)
        {
            WriteField(destination, ref offset, ref lengthIndex, joinRef);
            WriteField(destination, ref offset, ref lengthIndex, @ref);
        }

        WriteField(destination, ref offset, ref lengthIndex, topic);
        WriteField(destination, ref offset, ref lengthIndex, userEvent);
        destination[lengthIndex] = (byte)metadata.Length;
        metadata.CopyTo(destination[offset..]);
    }

    private static void WriteField(Span<byte> destination, ref int offset, ref int lengthIndex, string? value)
    {
        var length = value is null ? 0 : Encoding.UTF8.GetBytes(value, destination[offset..]);
        destination[lengthIndex++] = (byte)length;
        offset += length;
    }
}
