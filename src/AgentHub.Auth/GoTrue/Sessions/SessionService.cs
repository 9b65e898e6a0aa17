using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentHub.Auth.GoTrue.Sessions;

/// <summary>Starts, refreshes and ends sessions, and answers with GoTrue's token response.</summary>
internal sealed class SessionService(SessionStore store, AccessTokenIssuer tokens, GoTrueOptions options, ILogger<SessionService> logger)
{
    /// <summary>Creates a session for a user who has just signed in (or up) and returns the token response.</summary>
    public async Task<IResult> SignInAsync(Guid userId, string method, string? identityProvider, HttpContext http, string? weakPasswordMessage = null)
    {
        var session = await store.CreateAsync(userId, method, identityProvider, ClientInfo.UserAgent(http), ClientInfo.Ip(http), http.RequestAborted).ConfigureAwait(false);
        return Respond(session, weakPasswordMessage);
    }

    /// <summary>The <c>refresh_token</c> grant.</summary>
    public async Task<IResult> RefreshAsync(string refreshToken, HttpContext http)
    {
        if (!RefreshTokens.IsWellFormed(refreshToken)) throw AuthError.Validation("Refresh token is not valid").ToException();
        var (outcome, session, sessionId) = await store.RefreshAsync(
            refreshToken, options.RefreshTokenReuseIntervalSeconds, options.RefreshTokenRotationEnabled,
            ClientInfo.UserAgent(http), ClientInfo.Ip(http), http.RequestAborted).ConfigureAwait(false);
        if (outcome == RefreshOutcome.AlreadyUsed) logger.RefreshTokenReused(sessionId);
        return outcome switch
        {
            RefreshOutcome.Refreshed => Respond(session!, null),
            RefreshOutcome.TokenNotFound => throw Refused(AuthErrorCodes.RefreshTokenNotFound, "Invalid Refresh Token: Refresh Token Not Found"),
            RefreshOutcome.SessionNotFound => throw Refused(AuthErrorCodes.SessionNotFound, "Invalid Refresh Token: No Valid Session Found"),
            RefreshOutcome.SessionExpired => throw Refused(AuthErrorCodes.SessionExpired, "Invalid Refresh Token: Session Expired"),
            RefreshOutcome.UserBanned => throw Refused(AuthErrorCodes.UserBanned, "Invalid Refresh Token: User Banned"),
            RefreshOutcome.AlreadyUsed => throw Refused(AuthErrorCodes.RefreshTokenAlreadyUsed, "Invalid Refresh Token: Already Used"),
            _ => throw new InvalidOperationException($"Unknown refresh outcome {outcome}."),
        };
    }

    public Task<bool> SessionExistsAsync(Guid sessionId, CancellationToken cancellationToken) => store.ExistsAsync(sessionId, cancellationToken);

    public async Task LogoutAsync(Guid userId, Guid? sessionId, LogoutScope scope, CancellationToken cancellationToken)
    {
        var ended = await store.LogoutAsync(userId, sessionId, scope, cancellationToken).ConfigureAwait(false);
        logger.SignedOut(userId, scope.ToString(), ended);
    }

    private JsonResponse Respond(IssuedSession session, string? weakPasswordMessage)
    {
        var (accessToken, expiresAt) = tokens.Issue(session.User, session.SessionId, session.Amr);
        return JsonResponse.Ok(w => SessionJson.Write(w, accessToken, tokens.ExpiresIn, expiresAt, session.RefreshToken, session.User, weakPasswordMessage));
    }

    private static AuthException Refused(string code, string message) => AuthError.BadRequest(code, message).ToException();
}
