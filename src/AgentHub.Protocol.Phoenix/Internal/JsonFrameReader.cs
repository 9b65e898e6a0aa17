using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace AgentHub.Protocol.Phoenix.Internal;

/// <summary>
/// Field readers shared by both text serializers. Each works on a <see cref="Utf8JsonReader"/>
/// positioned on the value to read and reports failures as <see cref="PhoenixParseError"/>.
/// </summary>
internal static class JsonFrameReader
{
    /// <summary>
    /// The reader's own depth limit sits one level above ours so that <see cref="TrySkipValue"/>
    /// reports <see cref="PhoenixParseErrorCode.TooDeep"/> before the reader throws a generic error.
    /// </summary>
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = PhoenixLimits.MaxJsonDepth + 1,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    // A JSON escape spends at most 6 bytes (\u00XX) per unescaped UTF-8 byte, so a string escaped to
    // more than 6 x limit bytes is over the limit without unescaping it.
    private const int MaxEscapeExpansion = 6;

    public static bool TryReadRef(ref Utf8JsonReader reader, bool isJoinRef, out string? value, out PhoenixParseError error)
    {
        var field = isJoinRef ? "join_ref" : "ref";
        if (reader.TokenType == JsonTokenType.Null)
        {
            value = null;
            error = default;
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            value = null;
            error = ParseErrors.NotStringOrNull(isJoinRef ? PhoenixParseErrorCode.InvalidJoinRef : PhoenixParseErrorCode.InvalidRef, field);
            return false;
        }

        var ok = TryReadString(ref reader, field, PhoenixLimits.MaxRefBytes, PhoenixParseErrorCode.RefTooLong, out var text, out error);
        value = text;
        return ok;
    }

    public static bool TryReadTopic(ref Utf8JsonReader reader, out string value, out PhoenixParseError error) =>
        TryReadRequiredString(ref reader, "topic", PhoenixParseErrorCode.InvalidTopic, PhoenixLimits.MaxTopicBytes, PhoenixParseErrorCode.TopicTooLong, out value, out error);

    public static bool TryReadEvent(ref Utf8JsonReader reader, out string value, out PhoenixParseError error) =>
        TryReadRequiredString(ref reader, "event", PhoenixParseErrorCode.InvalidEvent, PhoenixLimits.MaxEventBytes, PhoenixParseErrorCode.EventTooLong, out value, out error);

    /// <summary>
    /// Moves past the value the reader is on (a scalar is already consumed), enforcing
    /// <see cref="PhoenixLimits.MaxJsonDepth"/>. Afterwards <c>reader.BytesConsumed</c> is the value's end.
    /// </summary>
    public static bool TrySkipValue(ref Utf8JsonReader reader, out PhoenixParseError error)
    {
        error = default;
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return true;
        }

        // A container token at CurrentDepth d opens nesting level d + 1.
        var depth = reader.CurrentDepth;
        if (depth >= PhoenixLimits.MaxJsonDepth)
        {
            error = ParseErrors.TooDeep();
            return false;
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= PhoenixLimits.MaxJsonDepth:
                    error = ParseErrors.TooDeep();
                    return false;
                case JsonTokenType.EndObject or JsonTokenType.EndArray when reader.CurrentDepth == depth:
                    return true;
            }
        }

        // Unreachable for a final block (the reader throws on an unterminated value); kept defensive.
        error = ParseErrors.InvalidJson(null);
        return false;
    }

    private static bool TryReadRequiredString(
        ref Utf8JsonReader reader,
        string field,
        PhoenixParseErrorCode notStringCode,
        int maxBytes,
        PhoenixParseErrorCode tooLongCode,
        out string value,
        out PhoenixParseError error)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            value = string.Empty;
            error = ParseErrors.NotString(notStringCode, field);
            return false;
        }

        var ok = TryReadString(ref reader, field, maxBytes, tooLongCode, out var text, out error);
        value = text ?? string.Empty;
        return ok;
    }

    private static bool TryReadString(ref Utf8JsonReader reader, string field, int maxBytes, PhoenixParseErrorCode tooLongCode, out string? value, out PhoenixParseError error)
    {
        var rawLength = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (rawLength > (long)maxBytes * MaxEscapeExpansion || (!reader.ValueIsEscaped && rawLength > maxBytes))
        {
            value = null;
            error = ParseErrors.TooLong(tooLongCode, field, maxBytes);
            return false;
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return TryDecode(reader.ValueSpan, field, maxBytes, tooLongCode, out value, out error);
        }

        // Escaped or split across segments: unescape into a small stack buffer (at most 6 x 255 bytes).
        Span<byte> buffer = stackalloc byte[(int)rawLength];
        int written;
        try
        {
            written = reader.CopyString(buffer);
        }
        catch (InvalidOperationException)
        {
            // CopyString rejects invalid UTF-8 and unpaired \uD800-style surrogate escapes this way.
            value = null;
            error = ParseErrors.InvalidUtf8(field);
            return false;
        }

        return TryDecode(buffer[..written], field, maxBytes, tooLongCode, out value, out error);
    }

    private static bool TryDecode(ReadOnlySpan<byte> utf8, string field, int maxBytes, PhoenixParseErrorCode tooLongCode, out string? value, out PhoenixParseError error)
    {
        value = null;
        if (utf8.Length > maxBytes)
        {
            error = ParseErrors.TooLong(tooLongCode, field, maxBytes);
            return false;
        }

        // Utf8JsonReader does not validate UTF-8 inside strings; Encoding.UTF8 would silently
        // substitute U+FFFD, which would let two different byte strings map to one topic.
        if (!Utf8.IsValid(utf8))
        {
            error = ParseErrors.InvalidUtf8(field);
            return false;
        }

        error = default;
        value = PhoenixEventNames.FindKnown(utf8) ?? Encoding.UTF8.GetString(utf8);
        return true;
    }
}
