namespace AgentHub.Auth.GoTrue.Errors;

/// <summary>
/// The <c>code</c> values GoTrue puts in error bodies (and in <c>x-sb-error-code</c>), verbatim:
/// auth-js surfaces them as <c>AuthApiError.code</c> and apps branch on them.
/// </summary>
internal static class AuthErrorCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string BadJson = "bad_json";
    public const string InvalidCredentials = "invalid_credentials";
    public const string EmailNotConfirmed = "email_not_confirmed";
    public const string RefreshTokenNotFound = "refresh_token_not_found";
    public const string RefreshTokenAlreadyUsed = "refresh_token_already_used";
    public const string SessionExpired = "session_expired";
    public const string SessionNotFound = "session_not_found";
    public const string UserBanned = "user_banned";
    public const string NoAuthorization = "no_authorization";
    public const string BadJwt = "bad_jwt";
    public const string NotAdmin = "not_admin";
    public const string UserNotFound = "user_not_found";
    public const string UserAlreadyExists = "user_already_exists";
    public const string EmailExists = "email_exists";
    public const string PhoneExists = "phone_exists";
    public const string SamePassword = "same_password";
    public const string WeakPassword = "weak_password";
    public const string SignupDisabled = "signup_disabled";
    public const string EmailProviderDisabled = "email_provider_disabled";
    public const string PhoneProviderDisabled = "phone_provider_disabled";
    public const string AnonymousProviderDisabled = "anonymous_provider_disabled";
    public const string OverRequestRateLimit = "over_request_rate_limit";
    public const string UnexpectedFailure = "unexpected_failure";
}
