namespace AgentHub.Auth.GoTrue.Errors;

/// <summary>
/// An expected, public-safe failure of an auth request. Thrown from deep inside a handler (body
/// parsing, validation, stores) and turned into GoTrue's error body by <see cref="AuthErrorFilter"/>,
/// so every handler reads as its happy path.
/// </summary>
internal sealed class AuthException(AuthError error) : Exception(error.Message)
{
    public AuthError Error { get; } = error;
}
