namespace AgentHub.Realtime.Authorization;

/// <summary>Whether the policies could be evaluated.</summary>
internal enum ChannelAuthorizationStatus
{
    /// <summary>Evaluated; the permissions are the answer.</summary>
    Evaluated,

    /// <summary>A policy raised an error, or the role does not exist: treated as denied.</summary>
    PolicyError,

    /// <summary>The database could not be reached in time; the join fails without a verdict.</summary>
    Unavailable,
}
