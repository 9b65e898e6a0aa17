namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// Limits the parsers enforce on untrusted input. Exceeding one yields a <see cref="PhoenixParseError"/>,
/// never an exception.
/// </summary>
public static class PhoenixLimits
{
    /// <summary>
    /// Largest frame (text or binary) the parsers accept, in bytes: 5 000 000, the Supabase Realtime
    /// server's WebSocket max frame size (docs/realtime-protocol.md section 9). The tenant payload
    /// limit (3000 KB by default) is smaller and is a channel-layer rule, not a framing one.
    /// </summary>
    public const int MaxFrameBytes = 5_000_000;

    /// <summary>
    /// Longest topic, in UTF-8 bytes after JSON unescaping: 255, because the vsn 2.0.0 binary frames
    /// carry the topic length in one byte. Enforcing the same bound on text frames keeps every
    /// accepted topic relayable as a binary broadcast.
    /// </summary>
    public const int MaxTopicBytes = 255;

    /// <summary>Longest event name (or binary user event), in UTF-8 bytes: 255, the binary-frame bound.</summary>
    public const int MaxEventBytes = 255;

    /// <summary>Longest <c>join_ref</c> or <c>ref</c>, in UTF-8 bytes: 255, the binary-frame bound.</summary>
    public const int MaxRefBytes = 255;

    /// <summary>
    /// Deepest JSON nesting accepted, counting the frame's own array (vsn 2.0.0) or object (vsn 1.0.0)
    /// as level 1, so a payload may nest 63 levels. For a binary frame's JSON payload or metadata the
    /// value itself is level 1. 64 is System.Text.Json's default, so anything accepted here can be
    /// parsed again downstream with default options; it also bounds recursion in any later handler.
    /// </summary>
    public const int MaxJsonDepth = 64;

    /// <summary>Longest binary-frame metadata (JSON object text), in bytes: 255, its one-byte length.</summary>
    public const int MaxMetadataBytes = 255;
}
