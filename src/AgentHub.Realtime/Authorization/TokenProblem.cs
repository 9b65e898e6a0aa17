namespace AgentHub.Realtime.Authorization;

/// <summary>Why a realtime token was refused; each maps to a Supabase error code.</summary>
internal enum TokenProblem
{
    None,
    Missing,
    Malformed,
    Signature,
    MissingClaims,
    Expired,
    Invalid,
}
