namespace AgentHub.Auth.Tokens;

/// <summary>The outcome of verifying a token: the identity, or why not.</summary>
public readonly record struct TokenCheck(VerifiedToken? Token, TokenFailure Failure, string Message)
{
    /// <summary>True when the token was accepted.</summary>
    public bool Succeeded => Token is not null;

    internal static TokenCheck Ok(VerifiedToken token) => new(token, TokenFailure.None, "");

    internal static TokenCheck Fail(TokenFailure failure, string message) => new(null, failure, message);
}
