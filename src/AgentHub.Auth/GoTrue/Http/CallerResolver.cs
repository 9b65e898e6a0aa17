using System.Text.Json;
using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Sessions;
using AgentHub.Auth.GoTrue.Users;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>
/// Resolves the user behind an access token, with GoTrue's checks and errors: the token verifies,
/// has a UUID <c>sub</c> whose user exists, and its <c>session_id</c> (when present) is a session that
/// has not been signed out. Banned users are refused.
/// </summary>
internal sealed class CallerResolver(BearerAuthenticator bearer, UserStore users, SessionService sessions)
{
    public async Task<Caller> ResolveAsync(HttpContext http)
    {
        var token = await bearer.VerifyAsync(http.Request).ConfigureAwait(false);
        var subject = token.Subject;
        if (string.IsNullOrEmpty(subject)) throw BadJwt("invalid claim: missing sub claim");
        if (!Guid.TryParse(subject, out var userId)) throw BadJwt("invalid claim: sub claim must be a UUID");

        var user = await users.FindByIdAsync(userId, http.RequestAborted).ConfigureAwait(false)
            ?? throw AuthError.Forbidden(AuthErrorCodes.UserNotFound, "User from sub claim in JWT does not exist").ToException();

        Guid? sessionId = null;
        if (token.Claims.TryGetProperty("session_id", out var claim) && claim.ValueKind == JsonValueKind.String && claim.GetString() is { Length: > 0 } text)
        {
            if (!Guid.TryParse(text, out var parsed)) throw BadJwt("invalid claim: session_id claim must be a UUID");
            if (parsed != Guid.Empty)
            {
                if (!await sessions.SessionExistsAsync(parsed, http.RequestAborted).ConfigureAwait(false))
                {
                    throw AuthError.Forbidden(AuthErrorCodes.SessionNotFound, "Session from session_id claim in JWT does not exist").ToException();
                }
                sessionId = parsed;
            }
        }
        if (user.IsBanned) throw AuthError.Forbidden(AuthErrorCodes.UserBanned, "User is banned").ToException();
        return new Caller(token, user, sessionId);
    }

    private static AuthException BadJwt(string message) => AuthError.Forbidden(AuthErrorCodes.BadJwt, message).ToException();
}
