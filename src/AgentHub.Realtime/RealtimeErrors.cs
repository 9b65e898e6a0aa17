namespace AgentHub.Realtime;

/// <summary>
/// The error codes and messages the realtime server sends, verbatim from Supabase Realtime where
/// one exists (docs/realtime-protocol.md sections 3.3, 3.8, 4.1 and 5.1). Join errors are
/// <c>"Code: message"</c>; <c>system</c> messages carry the bare message.
/// </summary>
internal static class RealtimeErrors
{
    public const string TopicNameRequired = "TopicNameRequired: You must provide a topic name";
    public const string UnmatchedTopic = "unmatched topic";
    public const string TooManyChannels = "ChannelRateLimitReached: Too many channels";
    public const string PrivateOnly = "PrivateOnly: This project only allows private channels";
    public const string UnableToConnect = "UnableToConnectToProject: Realtime was unable to connect to the project database";
    public const string ReplayOnPublic = "UnableToReplayMessages: Replay is not allowed for public channels";
    public const string UnknownError = "Unknown Error on Channel";

    public const string MissingClaimsMessage = "Fields `role` and `exp` are required in JWT";
    public const string MalformedMessage = "The token provided is not a valid JWT";
    public const string SignatureMessage = "Failed to validate JWT signature";
    public const string DatabaseMessage = "Realtime was unable to connect to the project database";

    public const string ClientPresenceRateLimit = "Client presence rate limit exceeded";
    public const string TrackMessageTooLarge = "Track message size exceeded";
    public const string PresencePayloadMustBeMap = "Presence track payload must be a map";

    public const string PayloadSizeExceeded = "payload_size_exceeded";

    public const string ChangeCaptureNotRunning = "Change capture is not running on this hub, so postgres_changes events will not be delivered";

    public static string ExpiredMessage(long secondsAgo) => $"Token has expired {secondsAgo} seconds ago";

    public static string Unauthorized(string subTopic) => $"Unauthorized: You do not have permissions to read from this Channel topic: {subTopic}";

    public static string ReadRevoked(string subTopic) => $"You no longer have permission to read from this Channel topic: {subTopic}";

    public static string InvalidToken(string message) => $"InvalidJWTToken: {message}";
}
