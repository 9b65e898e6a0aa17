using System.Buffers;
using System.Text;
using System.Text.Unicode;
using AgentHub.Protocol.Phoenix.Internal;

namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// Reads and writes the vsn 2.0.0 binary user-broadcast frames (docs/realtime-protocol.md section 2.3).
/// </summary>
/// <remarks>
/// <para>Kind 3, client to server: <c>03 | join_ref len | ref len | topic len | event len | metadata len |
/// encoding | join_ref | ref | topic | event | metadata | payload</c>.</para>
/// <para>Kind 4, server to client: <c>04 | topic len | event len | metadata len | encoding | topic | event |
/// metadata | payload</c>.</para>
/// <para>Every length is one unsigned byte (so each field is at most 255 bytes); the payload is the rest of
/// the frame. The server parses kind 3 and writes kind 4; the .NET client does the reverse. A zero-length
/// ref parses as null (the client writes absent refs that way). The metadata, when present, must be a JSON
/// object and a JSON-encoded payload must be one JSON value: both are checked on parse, because the server
/// relays them to browsers that would fail inside <c>JSON.parse</c>.</para>
/// </remarks>
public static partial class PhoenixBinarySerializer
{
    /// <summary>Bytes before the variable fields of a kind-3 frame: kind, five lengths, encoding.</summary>
    public const int UserBroadcastPushHeaderBytes = 7;

    /// <summary>Bytes before the variable fields of a kind-4 frame: kind, three lengths, encoding.</summary>
    public const int UserBroadcastHeaderBytes = 5;

    private const int MaxFieldBytes = byte.MaxValue;

    // Everything but the payload fits in this many bytes, so a multi-segment frame's header and fields
    // can be gathered onto the stack (1.3 KB) before the payload is copied once from the sequence.
    private const int MaxPrefixBytes = UserBroadcastPushHeaderBytes + (5 * MaxFieldBytes);

    /// <summary>Parses a kind-3 user broadcast push (what a server receives).</summary>
    /// <param name="frame">The complete WebSocket binary message.</param>
    /// <returns>The message, or the first problem found.</returns>
    public static PhoenixParseResult<UserBroadcastPushMessage> ParseUserBroadcastPush(ReadOnlySpan<byte> frame)
    {
        if (!TryParse(frame, frame.Length, new FrameSource(frame), PhoenixBinaryKind.UserBroadcastPush, out var parts, out var error))
        {
            return error;
        }

        return ToPush(parts);
    }

    /// <summary>Parses a kind-3 user broadcast push held in a (possibly multi-segment) sequence.</summary>
    /// <param name="frame">The complete WebSocket binary message.</param>
    /// <returns>The message, or the first problem found.</returns>
    public static PhoenixParseResult<UserBroadcastPushMessage> ParseUserBroadcastPush(in ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            return ParseUserBroadcastPush(frame.FirstSpan);
        }

        Span<byte> prefix = stackalloc byte[(int)Math.Min(frame.Length, MaxPrefixBytes)];
        frame.Slice(0, prefix.Length).CopyTo(prefix);
        if (!TryParse(prefix, frame.Length, new FrameSource(frame), PhoenixBinaryKind.UserBroadcastPush, out var parts, out var error))
        {
            return error;
        }

        return ToPush(parts);
    }

    /// <summary>Parses a kind-4 user broadcast (what a client receives).</summary>
    /// <param name="frame">The complete WebSocket binary message.</param>
    /// <returns>The message, or the first problem found.</returns>
    public static PhoenixParseResult<UserBroadcastMessage> ParseUserBroadcast(ReadOnlySpan<byte> frame)
    {
        if (!TryParse(frame, frame.Length, new FrameSource(frame), PhoenixBinaryKind.UserBroadcast, out var parts, out var error))
        {
            return error;
        }

        return ToBroadcast(parts);
    }

    /// <summary>Parses a kind-4 user broadcast held in a (possibly multi-segment) sequence.</summary>
    /// <param name="frame">The complete WebSocket binary message.</param>
    /// <returns>The message, or the first problem found.</returns>
    public static PhoenixParseResult<UserBroadcastMessage> ParseUserBroadcast(in ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            return ParseUserBroadcast(frame.FirstSpan);
        }

        Span<byte> prefix = stackalloc byte[(int)Math.Min(frame.Length, MaxPrefixBytes)];
        frame.Slice(0, prefix.Length).CopyTo(prefix);
        if (!TryParse(prefix, frame.Length, new FrameSource(frame), PhoenixBinaryKind.UserBroadcast, out var parts, out var error))
        {
            return error;
        }

        return ToBroadcast(parts);
    }

    private static UserBroadcastPushMessage ToPush(in BinaryFrameParts parts) =>
        new(parts.JoinRef, parts.Ref, parts.Topic, parts.UserEvent, parts.Metadata, parts.PayloadEncoding, parts.Payload);

    private static UserBroadcastMessage ToBroadcast(in BinaryFrameParts parts) =>
        new(parts.Topic, parts.UserEvent, parts.Metadata, parts.PayloadEncoding, parts.Payload);

    /// <param name="prefix">The frame's first min(length, <see cref="MaxPrefixBytes"/>) bytes: all but the payload.</param>
    /// <param name="frameLength">The whole frame's length.</param>
    /// <param name="source">The whole frame, to copy metadata and payload from.</param>
    /// <param name="kind">The only kind accepted.</param>
    /// <param name="parts">The decoded fields, when true is returned.</param>
    /// <param name="error">The failure, when false is returned.</param>
    private static bool TryParse(ReadOnlySpan<byte> prefix, long frameLength, scoped in FrameSource source, PhoenixBinaryKind kind, out BinaryFrameParts parts, out PhoenixParseError error)
    {
        parts = default;
        if (frameLength == 0)
        {
            error = ParseErrors.EmptyFrame();
            return false;
        }

        if (frameLength > PhoenixLimits.MaxFrameBytes)
        {
            error = ParseErrors.FrameTooLarge(frameLength);
            return false;
        }

        if (prefix[0] != (byte)kind)
        {
            error = ParseErrors.UnsupportedKind(prefix[0], (byte)kind);
            return false;
        }

        // Kind 3 carries join_ref, ref, topic, event, metadata; kind 4 only topic, event, metadata.
        var isPush = kind == PhoenixBinaryKind.UserBroadcastPush;
        var fieldCount = isPush ? 5 : 3;
        var headerBytes = fieldCount + 2;
        if (frameLength < headerBytes)
        {
            error = ParseErrors.Truncated($"the end of its {headerBytes}-byte header");
            return false;
        }

        var fieldsEnd = headerBytes;
        for (var i = 1; i <= fieldCount; i++)
        {
            fieldsEnd += prefix[i];
        }

        if (fieldsEnd > frameLength)
        {
            error = ParseErrors.Truncated("the end of the fields its header declares");
            return false;
        }

        var encodingByte = prefix[fieldCount + 1];
        if (encodingByte > (byte)PhoenixPayloadEncoding.Json)
        {
            error = ParseErrors.InvalidPayloadEncoding(encodingByte);
            return false;
        }

        var offset = headerBytes;
        var lengthIndex = 1;
        string? joinRef = null;
        string? @ref = null;
        if (isPush)
        {
            if (!TryReadField(prefix, ref offset, ref lengthIndex, "join_ref", out joinRef, out error)
                || !TryReadField(prefix, ref offset, ref lengthIndex, "ref", out @ref, out error))
            {
                return false;
            }
        }

        if (!TryReadField(prefix, ref offset, ref lengthIndex, "topic", out var topic, out error)
            || !TryReadField(prefix, ref offset, ref lengthIndex, "event", out var userEvent, out error))
        {
            return false;
        }

        // Metadata and payload are adjacent, so one copy (one allocation) serves both.
        var metadataLength = prefix[lengthIndex];
        var body = source.Copy(offset, frameLength - offset);
        var metadata = body.AsMemory(0, metadataLength);
        var payload = body.AsMemory(metadataLength);
        if (metadataLength > 0
            && !JsonValueValidator.TryValidate(metadata.Span, requireObject: true, ParseErrors.InvalidMetadata(), "metadata", out error))
        {
            return false;
        }

        var encoding = (PhoenixPayloadEncoding)encodingByte;
        if (encoding == PhoenixPayloadEncoding.Json
            && !JsonValueValidator.TryValidate(payload.Span, requireObject: false, ParseErrors.InvalidBinaryPayload(), "payload", out error))
        {
            return false;
        }

        parts = new BinaryFrameParts(joinRef, @ref, topic ?? string.Empty, userEvent ?? string.Empty, metadata, encoding, payload);
        error = default;
        return true;
    }

    /// <summary>Decodes the next length-prefixed string; a zero length yields null.</summary>
    private static bool TryReadField(ReadOnlySpan<byte> prefix, ref int offset, ref int lengthIndex, string field, out string? value, out PhoenixParseError error)
    {
        var length = prefix[lengthIndex++];
        var utf8 = prefix.Slice(offset, length);
        offset += length;
        error = default;
        value = null;
        if (length == 0)
        {
            return true;
        }

        if (!Utf8.IsValid(utf8))
        {
            error = ParseErrors.InvalidUtf8(field);
            return false;
        }

        value = PhoenixEventNames.FindKnown(utf8) ?? Encoding.UTF8.GetString(utf8);
        return true;
    }
}
