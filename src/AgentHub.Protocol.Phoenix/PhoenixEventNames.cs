namespace AgentHub.Protocol.Phoenix;

/// <summary>
/// The protocol's event names and the <c>phoenix</c> topic as <c>const string</c>, for <c>switch</c>
/// statements over <see cref="PhoenixMessage.Event"/>. The UTF-8 forms are in <see cref="PhoenixLiterals"/>.
/// </summary>
/// <remarks>
/// The parsers return these very instances for well-known events, so parsing a heartbeat or a
/// broadcast push allocates no string for its event name.
/// </remarks>
public static class PhoenixEventNames
{
    /// <summary><c>phx_join</c>.</summary>
    public const string PhxJoin = "phx_join";

    /// <summary><c>phx_leave</c>.</summary>
    public const string PhxLeave = "phx_leave";

    /// <summary><c>phx_reply</c>.</summary>
    public const string PhxReply = "phx_reply";

    /// <summary><c>phx_error</c>.</summary>
    public const string PhxError = "phx_error";

    /// <summary><c>phx_close</c>.</summary>
    public const string PhxClose = "phx_close";

    /// <summary><c>heartbeat</c>.</summary>
    public const string Heartbeat = "heartbeat";

    /// <summary><c>access_token</c>.</summary>
    public const string AccessToken = "access_token";

    /// <summary><c>broadcast</c>.</summary>
    public const string Broadcast = "broadcast";

    /// <summary><c>presence</c>.</summary>
    public const string Presence = "presence";

    /// <summary><c>presence_state</c>.</summary>
    public const string PresenceState = "presence_state";

    /// <summary><c>presence_diff</c>.</summary>
    public const string PresenceDiff = "presence_diff";

    /// <summary><c>postgres_changes</c>.</summary>
    public const string PostgresChanges = "postgres_changes";

    /// <summary><c>system</c>.</summary>
    public const string System = "system";

    /// <summary><c>phoenix</c>, the heartbeat topic (a topic, listed here so it is interned the same way).</summary>
    public const string PhoenixTopic = "phoenix";

    /// <summary>Returns the shared instance for a well-known name, or null so the caller allocates.</summary>
    internal static string? FindKnown(ReadOnlySpan<byte> utf8)
    {
        // Dispatch on length first, so an unknown event usually costs one switch and no byte compare;
        // the longest chain (length 9) is four 9-byte compares.
        return utf8.Length switch
        {
            6 => Match(utf8, PhoenixLiterals.System, System),
            7 => Match(utf8, PhoenixLiterals.PhoenixTopic, PhoenixTopic),
            8 => Match(utf8, PhoenixLiterals.PhxJoin, PhxJoin) ?? Match(utf8, PhoenixLiterals.Presence, Presence),
            9 => utf8[0] == (byte)'p'
                ? Match(utf8, PhoenixLiterals.PhxLeave, PhxLeave)
                    ?? Match(utf8, PhoenixLiterals.PhxReply, PhxReply)
                    ?? Match(utf8, PhoenixLiterals.PhxError, PhxError)
                    ?? Match(utf8, PhoenixLiterals.PhxClose, PhxClose)
                : Match(utf8, PhoenixLiterals.Heartbeat, Heartbeat) ?? Match(utf8, PhoenixLiterals.Broadcast, Broadcast),
            12 => Match(utf8, PhoenixLiterals.AccessToken, AccessToken),
            13 => Match(utf8, PhoenixLiterals.PresenceDiff, PresenceDiff),
            14 => Match(utf8, PhoenixLiterals.PresenceState, PresenceState),
            16 => Match(utf8, PhoenixLiterals.PostgresChanges, PostgresChanges),
            _ => null,
        };
    }

    private static string? Match(ReadOnlySpan<byte> utf8, ReadOnlySpan<byte> literal, string name) =>
        utf8.SequenceEqual(literal) ? name : null;
}
