using Microsoft.Extensions.Logging;

namespace AgentHub.Auth.GoTrue;

/// <summary>
/// The auth API's log events. Users appear by id only; tokens, passwords and email addresses are never logged.
/// </summary>
internal static partial class GoTrueLog
{
    [LoggerMessage(EventId = 4001, EventName = "UserSignedUp", Level = LogLevel.Information, Message = "User {UserId} signed up ({Provider})")]
    public static partial void UserSignedUp(this ILogger logger, Guid userId, string provider);

    [LoggerMessage(EventId = 4002, EventName = "ConfirmationPending", Level = LogLevel.Information,
        Message = "User {UserId} signed up and must confirm their email; the hub sends no mail, so confirm them with the admin API (email_confirm: true) or set GOTRUE_MAILER_AUTOCONFIRM=true")]
    public static partial void ConfirmationPending(this ILogger logger, Guid userId);

    [LoggerMessage(EventId = 4003, EventName = "RefreshTokenReused", Level = LogLevel.Warning,
        Message = "A spent refresh token of session {SessionId} was presented again; the session's refresh tokens are revoked (possible token theft)")]
    public static partial void RefreshTokenReused(this ILogger logger, Guid? sessionId);

    [LoggerMessage(EventId = 4004, EventName = "SaveUserFailed", Level = LogLevel.Error, Message = "Database error saving new user")]
    public static partial void SaveUserFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4005, EventName = "UnexpectedFailure", Level = LogLevel.Error, Message = "Auth request {Method} {Path} failed")]
    public static partial void UnexpectedFailure(this ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 4006, EventName = "RateLimited", Level = LogLevel.Information, Message = "Auth rate limit {Policy} reached for {Client}")]
    public static partial void RateLimited(this ILogger logger, string policy, string client);

    [LoggerMessage(EventId = 4007, EventName = "UserDeleted", Level = LogLevel.Information, Message = "User {UserId} deleted (soft: {Soft})")]
    public static partial void UserDeleted(this ILogger logger, Guid userId, bool soft);

    [LoggerMessage(EventId = 4009, EventName = "DeleteUserFailed", Level = LogLevel.Error, Message = "Database error deleting user {UserId}")]
    public static partial void DeleteUserFailed(this ILogger logger, Exception exception, Guid userId);

    [LoggerMessage(EventId = 4008, EventName = "SignedOut", Level = LogLevel.Debug, Message = "User {UserId} signed out ({Scope}): {Sessions} session(s) ended")]
    public static partial void SignedOut(this ILogger logger, Guid userId, string scope, int sessions);
}
