namespace AgentHub.Auth.GoTrue.Errors;

/// <summary>
/// One GoTrue error: HTTP status, stable code and public message. <see cref="WeakPasswordReasons"/>
/// is set only for <c>weak_password</c>, whose body carries them. <see cref="OAuthStyle"/> errors are
/// written as <c>{"error","error_description"}</c>, the shape GoTrue keeps for a few token-grant failures.
/// </summary>
internal sealed record AuthError(int Status, string Code, string Message, IReadOnlyList<string>? WeakPasswordReasons = null, bool OAuthStyle = false)
{
    public static AuthError BadRequest(string code, string message) => new(400, code, message);

    public static AuthError Validation(string message) => new(400, AuthErrorCodes.ValidationFailed, message);

    public static AuthError Forbidden(string code, string message) => new(403, code, message);

    public static AuthError Unprocessable(string code, string message) => new(422, code, message);

    public static AuthError NotFound(string code, string message) => new(404, code, message);

    public static AuthError Internal(string message) => new(500, AuthErrorCodes.UnexpectedFailure, message);

    /// <summary>An OAuth 2.0 style <c>invalid_request</c> (400).</summary>
    public static AuthError InvalidRequest(string description) => new(400, "invalid_request", description, OAuthStyle: true);

    /// <summary>Turns the error into an exception the endpoint filter writes out.</summary>
    public AuthException ToException() => new(this);
}
