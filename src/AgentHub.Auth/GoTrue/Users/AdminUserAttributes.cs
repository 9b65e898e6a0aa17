using System.Text.Json;
using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Http;
using AgentHub.Auth.GoTrue.Passwords;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>The body of <c>POST /admin/users</c> and <c>PUT /admin/users/{id}</c>, checked.</summary>
internal sealed record AdminUserAttributes
{
    public Guid? Id { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Password { get; init; }
    public string? PasswordHash { get; init; }
    public bool EmailConfirm { get; init; }
    public bool PhoneConfirm { get; init; }
    public JsonElement? UserMetadata { get; init; }
    public JsonElement? AppMetadata { get; init; }
    public string? Role { get; init; }
    public bool Unban { get; init; }
    public double? BanForSeconds { get; init; }

    public static AdminUserAttributes Parse(JsonBody body)
    {
        var password = body.String("password");
        var hash = body.String("password_hash");
        if (!string.IsNullOrEmpty(password) && !string.IsNullOrEmpty(hash))
        {
            throw AuthError.Validation("Only a password or a password hash should be provided").ToException();
        }
        if (!string.IsNullOrEmpty(password)) PasswordPolicy.CheckLength(password);
        if (!string.IsNullOrEmpty(hash) && !PasswordHasher.LooksLikeBcrypt(hash))
        {
            throw AuthError.Validation("Invalid password hash format: only bcrypt hashes ($2a$, $2b$, $2y$) are supported").ToException();
        }

        Guid? id = null;
        if (body.String("id") is { Length: > 0 } idText)
        {
            id = Guid.TryParse(idText, out var parsed) ? parsed : throw AuthError.Validation("id must be a valid UUID").ToException();
        }

        var unban = false;
        double? banSeconds = null;
        if (body.String("ban_duration") is { Length: > 0 } ban)
        {
            if (ban == "none") unban = true;
            else banSeconds = GoDuration.TryParseSeconds(ban, out var seconds)
                ? seconds
                : throw AuthError.Validation($"invalid format for ban duration: time: invalid duration \"{ban}\"").ToException();
        }

        return new AdminUserAttributes
        {
            Id = id,
            Email = body.String("email") is { Length: > 0 } email ? Addresses.ValidateEmail(email) : null,
            Phone = body.String("phone") is { Length: > 0 } phone ? Addresses.ValidatePhone(phone) : null,
            Password = string.IsNullOrEmpty(password) ? null : password,
            PasswordHash = string.IsNullOrEmpty(hash) ? null : hash,
            EmailConfirm = body.Bool("email_confirm") ?? false,
            PhoneConfirm = body.Bool("phone_confirm") ?? false,
            UserMetadata = body.Object("user_metadata"),
            AppMetadata = body.Object("app_metadata"),
            Role = body.String("role") is { Length: > 0 } role ? role : null,
            Unban = unban,
            BanForSeconds = banSeconds,
        };
    }
}
