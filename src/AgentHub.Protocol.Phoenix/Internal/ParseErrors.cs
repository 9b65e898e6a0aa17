namespace AgentHub.Protocol.Phoenix.Internal;

/// <summary>
/// Builds every <see cref="PhoenixParseError"/> in one place so codes and wording stay consistent.
/// Messages name fields, lengths and limits, never content: a rejected frame may carry a token.
/// </summary>
internal static class ParseErrors
{
    public static PhoenixParseError EmptyFrame() =>
        new(PhoenixParseErrorCode.EmptyFrame, "The frame is empty.");

    public static PhoenixParseError FrameTooLarge(long length) =>
        new(PhoenixParseErrorCode.FrameTooLarge, $"The frame is {length} bytes; the limit is {PhoenixLimits.MaxFrameBytes}.");

    public static PhoenixParseError InvalidJson(long? bytePosition) =>
        new(PhoenixParseErrorCode.InvalidJson, bytePosition is { } position
            ? $"The frame is not well-formed JSON (at byte {position})."
            : "The frame is not well-formed JSON.");

    public static PhoenixParseError InvalidUtf8(string field) =>
        new(PhoenixParseErrorCode.InvalidUtf8, $"The {field} is not valid UTF-8.");

    public static PhoenixParseError TooDeep() =>
        new(PhoenixParseErrorCode.TooDeep, $"JSON nesting exceeds {PhoenixLimits.MaxJsonDepth} levels.");

    public static PhoenixParseError UnexpectedShape(string expected) =>
        new(PhoenixParseErrorCode.UnexpectedShape, $"A {expected}.");

    public static PhoenixParseError ArrayTooShort(int elements) =>
        new(PhoenixParseErrorCode.ArrayTooShort, $"The frame array has {elements} elements; [join_ref, ref, topic, event, payload] needs 5.");

    public static PhoenixParseError MissingField(string field) =>
        new(PhoenixParseErrorCode.MissingField, $"The frame object has no \"{field}\" property.");

    public static PhoenixParseError NotStringOrNull(PhoenixParseErrorCode code, string field) =>
        new(code, $"The {field} must be a string or null.");

    public static PhoenixParseError NotString(PhoenixParseErrorCode code, string field) =>
        new(code, $"The {field} must be a string.");

    public static PhoenixParseError TooLong(PhoenixParseErrorCode code, string field, int limit) =>
        new(code, $"The {field} is longer than {limit} UTF-8 bytes.");

    public static PhoenixParseError Truncated(string expected) =>
        new(PhoenixParseErrorCode.TruncatedBinaryFrame, $"The binary frame ends before {expected}.");

    public static PhoenixParseError UnsupportedKind(byte actual, byte expected) =>
        new(PhoenixParseErrorCode.UnsupportedBinaryKind, $"The binary frame kind is {actual}; expected {expected}.");

    public static PhoenixParseError InvalidPayloadEncoding(byte actual) =>
        new(PhoenixParseErrorCode.InvalidPayloadEncoding, $"The payload encoding byte is {actual}; expected 0 (binary) or 1 (JSON).");

    public static PhoenixParseError InvalidMetadata() =>
        new(PhoenixParseErrorCode.InvalidMetadata, "The binary frame metadata is not a JSON object.");

    public static PhoenixParseError InvalidBinaryPayload() =>
        new(PhoenixParseErrorCode.InvalidBinaryPayload, "The binary frame declares a JSON payload that is not well-formed JSON.");
}
