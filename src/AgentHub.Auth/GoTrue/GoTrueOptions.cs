using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace AgentHub.Auth.GoTrue;

/// <summary>
/// Settings of the auth API. Read from GoTrue's own environment variable names (so a Supabase
/// self-hosting <c>.env</c> carries over), with defaults for a local hub: sign-ups confirmed at once,
/// since a hub has no mailer to send confirmation links.
/// </summary>
internal sealed class GoTrueOptions
{
    /// <summary>Seconds an access token lives (<c>GOTRUE_JWT_EXP</c>).</summary>
    public int JwtExpirySeconds { get; init; } = 3600;

    /// <summary>Token roles allowed to call the admin endpoints (<c>GOTRUE_JWT_ADMIN_ROLES</c>, comma-separated).</summary>
    public IReadOnlyList<string> AdminRoles { get; init; } = ["service_role", "supabase_admin"];

    /// <summary>New email users are confirmed at sign-up and get a session (<c>GOTRUE_MAILER_AUTOCONFIRM</c>).
    /// GoTrue defaults to false; a hub cannot send mail, so it defaults to true.</summary>
    public bool MailerAutoconfirm { get; init; } = true;

    /// <summary>Refuse every sign-up (<c>GOTRUE_DISABLE_SIGNUP</c>).</summary>
    public bool DisableSignup { get; init; }

    /// <summary>Email sign-up and sign-in (<c>GOTRUE_EXTERNAL_EMAIL_ENABLED</c>).</summary>
    public bool EmailEnabled { get; init; } = true;

    /// <summary>Anonymous sign-ins, <c>signInAnonymously()</c> (<c>GOTRUE_EXTERNAL_ANONYMOUS_USERS_ENABLED</c>).</summary>
    public bool AnonymousUsersEnabled { get; init; }

    /// <summary>Shortest acceptable password (<c>GOTRUE_PASSWORD_MIN_LENGTH</c>).</summary>
    public int PasswordMinLength { get; init; } = 6;

    /// <summary>Revoke the whole session's tokens when a spent refresh token comes back
    /// (<c>GOTRUE_SECURITY_REFRESH_TOKEN_ROTATION_ENABLED</c>).</summary>
    public bool RefreshTokenRotationEnabled { get; init; } = true;

    /// <summary>Seconds during which a just-rotated refresh token is still accepted, for clients racing
    /// themselves (<c>GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL</c>).</summary>
    public int RefreshTokenReuseIntervalSeconds { get; init; } = 10;

    /// <summary>Requests to <c>/token</c> per client address per five minutes (<c>GOTRUE_RATE_LIMIT_TOKEN_REFRESH</c>).</summary>
    public int TokenRequestsPerFiveMinutes { get; init; } = 150;

    /// <summary>Reads the settings from configuration (environment variables are in it under their own names).</summary>
    public static GoTrueOptions FromConfiguration(IConfiguration configuration)
    {
        var defaults = new GoTrueOptions();
        return new GoTrueOptions
        {
            JwtExpirySeconds = Int(configuration, "GOTRUE_JWT_EXP", defaults.JwtExpirySeconds, minimum: 1),
            AdminRoles = configuration["GOTRUE_JWT_ADMIN_ROLES"] is { Length: > 0 } roles
                ? roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : defaults.AdminRoles,
            MailerAutoconfirm = Bool(configuration, "GOTRUE_MAILER_AUTOCONFIRM", defaults.MailerAutoconfirm),
            DisableSignup = Bool(configuration, "GOTRUE_DISABLE_SIGNUP", defaults.DisableSignup),
            EmailEnabled = Bool(configuration, "GOTRUE_EXTERNAL_EMAIL_ENABLED", defaults.EmailEnabled),
            AnonymousUsersEnabled = Bool(configuration, "GOTRUE_EXTERNAL_ANONYMOUS_USERS_ENABLED", defaults.AnonymousUsersEnabled),
            PasswordMinLength = Int(configuration, "GOTRUE_PASSWORD_MIN_LENGTH", defaults.PasswordMinLength, minimum: 1),
            RefreshTokenRotationEnabled = Bool(configuration, "GOTRUE_SECURITY_REFRESH_TOKEN_ROTATION_ENABLED", defaults.RefreshTokenRotationEnabled),
            RefreshTokenReuseIntervalSeconds = Int(configuration, "GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL", defaults.RefreshTokenReuseIntervalSeconds, minimum: 0),
            TokenRequestsPerFiveMinutes = Int(configuration, "GOTRUE_RATE_LIMIT_TOKEN_REFRESH", defaults.TokenRequestsPerFiveMinutes, minimum: 1),
        };
    }

    private static bool Bool(IConfiguration configuration, string name, bool fallback) =>
        configuration[name] is { Length: > 0 } text
            ? bool.TryParse(text, out var value) ? value : throw new FormatException($"{name} must be true or false, got '{text}'.")
            : fallback;

    private static int Int(IConfiguration configuration, string name, int fallback, int minimum) =>
        configuration[name] is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum
                ? value
                : throw new FormatException($"{name} must be a whole number of at least {minimum}, got '{text}'.")
            : fallback;
}
