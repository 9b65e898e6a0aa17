using AgentHub.Auth.Tokens;

namespace AgentHub.Realtime.Authorization;

/// <summary>The outcome of checking a token by Realtime's rules: the identity, or the problem and its message.</summary>
internal readonly record struct TokenValidation(VerifiedToken? Token, TokenProblem Problem, string Message)
{
    public bool IsValid => Token is not null;

    /// <summary>The <c>"Code: message"</c> reason of a join error reply.</summary>
    public string JoinReason => Problem switch
    {
        TokenProblem.Malformed or TokenProblem.Missing => "MalformedJWT: " + Message,
        TokenProblem.Signature => "JwtSignatureError: " + Message,
        _ => RealtimeErrors.InvalidToken(Message),
    };

    public static TokenValidation Valid(VerifiedToken token) => new(token, TokenProblem.None, "");

    public static TokenValidation Fail(TokenProblem problem, string message) => new(null, problem, message);
}
