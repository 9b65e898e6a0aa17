namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// Why a frame was rejected. Names and numeric values are stable (a snapshot test guards them): they
/// may be logged, counted in metrics and documented in ERROR_CODES.md.
/// </summary>
public enum PhoenixParseErrorCode
{
    /// <summary>No error (the default value of <see cref="PhoenixParseError"/>).</summary>
    None = 0,

    /// <summary>The frame has no bytes.</summary>
    EmptyFrame = 1,

    /// <summary>The frame is larger than <see cref="PhoenixLimits.MaxFrameBytes"/>.</summary>
    FrameTooLarge = 2,

    /// <summary>The text frame is not one well-formed JSON value (syntax error, trailing data, comments).</summary>
    InvalidJson = 3,

    /// <summary>A string the parser decodes (topic, event, ref), the payload or metadata is not valid UTF-8.</summary>
    InvalidUtf8 = 4,

    /// <summary>JSON nesting exceeds <see cref="PhoenixLimits.MaxJsonDepth"/>.</summary>
    TooDeep = 5,

    /// <summary>The root value has the wrong type: not an array (vsn 2.0.0) or not an object (vsn 1.0.0).</summary>
    UnexpectedShape = 6,

    /// <summary>A vsn 2.0.0 array has fewer than five elements.</summary>
    ArrayTooShort = 7,

    /// <summary>A vsn 1.0.0 object lacks <c>topic</c>, <c>event</c> or <c>payload</c>.</summary>
    MissingField = 8,

    /// <summary><c>join_ref</c> is neither a string nor null.</summary>
    InvalidJoinRef = 9,

    /// <summary><c>ref</c> is neither a string nor null.</summary>
    InvalidRef = 10,

    /// <summary><c>topic</c> is not a string.</summary>
    InvalidTopic = 11,

    /// <summary><c>event</c> is not a string.</summary>
    InvalidEvent = 12,

    /// <summary>The topic is longer than <see cref="PhoenixLimits.MaxTopicBytes"/>.</summary>
    TopicTooLong = 13,

    /// <summary>The event is longer than <see cref="PhoenixLimits.MaxEventBytes"/>.</summary>
    EventTooLong = 14,

    /// <summary>A <c>join_ref</c> or <c>ref</c> is longer than <see cref="PhoenixLimits.MaxRefBytes"/>.</summary>
    RefTooLong = 15,

    /// <summary>A binary frame ends before its header or the lengths it declares.</summary>
    TruncatedBinaryFrame = 16,

    /// <summary>A binary frame's kind byte is not the one expected (3 from clients, 4 from servers).</summary>
    UnsupportedBinaryKind = 17,

    /// <summary>A binary frame's payload-encoding byte is neither 0 (binary) nor 1 (JSON).</summary>
    InvalidPayloadEncoding = 18,

    /// <summary>A binary frame's metadata is present but is not a JSON object.</summary>
    InvalidMetadata = 19,

    /// <summary>A binary frame declares a JSON payload that is not one well-formed JSON value.</summary>
    InvalidBinaryPayload = 20,
}
