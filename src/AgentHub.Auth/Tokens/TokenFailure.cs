namespace AgentHub.Auth.Tokens;

/// <summary>Why a token was not accepted; each API maps it onto its own error shape.</summary>
public enum TokenFailure
{
    /// <summary>Accepted.</summary>
    None,
    /// <summary>Not a JWT, bad signature, wrong algorithm (PostgREST PGRST301).</summary>
    Invalid,
    /// <summary><c>exp</c> in the past, beyond the clock skew (PGRST303 "JWT expired").</summary>
    Expired,
    /// <summary><c>nbf</c> in the future (PGRST303 "JWT not yet valid").</summary>
    NotYetValid,
    /// <summary><c>iat</c> in the future (PGRST303 "JWT issued at future").</summary>
    IssuedInFuture,
}
