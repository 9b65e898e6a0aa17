namespace AgentHub.Auth.GoTrue.Sessions;

/// <summary>Why a refresh token was refused, or <see cref="Refreshed"/>.</summary>
internal enum RefreshOutcome
{
    Refreshed,
    TokenNotFound,
    SessionNotFound,
    SessionExpired,
    UserBanned,

    /// <summary>A spent token came back outside the reuse rules; the session's tokens are now revoked.</summary>
    AlreadyUsed,
}
