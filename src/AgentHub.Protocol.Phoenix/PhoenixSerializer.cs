using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using AgentHub.Protocol.Phoenix.Internal;

namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// Reads and writes the JSON text frames of one protocol version. Obtain an instance from
/// <see cref="PhoenixSerializerFactory"/>; instances are stateless and thread-safe.
/// </summary>
/// <remarks>
/// Parsing never throws for malformed input: it returns a <see cref="PhoenixParseResult{T}"/> with a
/// <see cref="PhoenixParseErrorCode"/>. The payload is copied once into an exact-size array and left as
/// raw JSON. Writing takes payloads as pre-serialized JSON, so a fan-out message is serialized once
/// (<see cref="SerializePush"/>) and the resulting bytes are shared by every recipient using this version.
/// See docs/realtime-protocol.md sections 2.2 and 2.4.
/// </remarks>
public abstract partial class PhoenixSerializer
{
    private protected PhoenixSerializer()
    {
    }

    /// <summary>The <c>vsn</c> query value this serializer implements (<c>1.0.0</c> or <c>2.0.0</c>).</summary>
    public abstract string Vsn { get; }

    /// <summary>
    /// True when clients of this version use the binary user-broadcast frames of
    /// <see cref="PhoenixBinarySerializer"/> (vsn 2.0.0); vsn 1.0.0 clients only get text frames.
    /// </summary>
    public abstract bool SupportsBinaryFrames { get; }

    /// <summary>Parses one text frame.</summary>
    /// <param name="frame">The complete WebSocket text message.</param>
    /// <returns>The message, or the first problem found.</returns>
    public PhoenixParseResult<PhoenixMessage> Parse(ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty)
        {
            return ParseErrors.EmptyFrame();
        }

        if (frame.Length > PhoenixLimits.MaxFrameBytes)
        {
            return ParseErrors.FrameTooLarge(frame.Length);
        }

        var reader = new Utf8JsonReader(frame, JsonFrameReader.ReaderOptions);
        return ParseGuarded(ref reader, new FrameSource(frame));
    }

    /// <summary>Parses one text frame held in a (possibly multi-segment) sequence, such as pipe memory.</summary>
    /// <param name="frame">The complete WebSocket text message.</param>
    /// <returns>The message, or the first problem found.</returns>
    public PhoenixParseResult<PhoenixMessage> Parse(in ReadOnlySequence<byte> frame)
    {
        if (frame.IsSingleSegment)
        {
            return Parse(frame.FirstSpan);
        }

        if (frame.Length > PhoenixLimits.MaxFrameBytes)
        {
            return ParseErrors.FrameTooLarge(frame.Length);
        }

        var reader = new Utf8JsonReader(frame, JsonFrameReader.ReaderOptions);
        return ParseGuarded(ref reader, new FrameSource(frame));
    }

    /// <summary>Reads the root value and every field; implemented per version.</summary>
    private protected abstract PhoenixParseResult<PhoenixMessage> ParseDocument(ref Utf8JsonReader reader, scoped in FrameSource source);

    /// <summary>
    /// Shared tail of both parsers: the root value is done, so require end of input, then copy and
    /// check the payload.
    /// </summary>
    private protected static PhoenixParseResult<PhoenixMessage> Complete(
        ref Utf8JsonReader reader,
        scoped in FrameSource source,
        string? joinRef,
        string? @ref,
        string topic,
        string @event,
        long payloadStart,
        long payloadEnd)
    {
        // Returns false at end of input; throws (-> InvalidJson) on trailing non-whitespace.
        if (reader.Read())
        {
            return ParseErrors.InvalidJson(reader.TokenStartIndex);
        }

        var payload = source.Copy(payloadStart, payloadEnd - payloadStart);

        // Validated after the copy because the copy is contiguous even when the frame was not.
        if (!Utf8.IsValid(payload))
        {
            return ParseErrors.InvalidUtf8("payload");
        }

        return new PhoenixMessage(joinRef, @ref, topic, @event, payload);
    }

    private PhoenixParseResult<PhoenixMessage> ParseGuarded(ref Utf8JsonReader reader, scoped in FrameSource source)
    {
        // Utf8JsonReader has no non-throwing API: syntax errors surface as JsonException and are
        // turned into a result here, so callers never see an exception for bad input.
        try
        {
            return ParseDocument(ref reader, source);
        }
        catch (JsonException ex)
        {
            return ParseErrors.InvalidJson(ex.BytePositionInLine);
        }
    }
}
