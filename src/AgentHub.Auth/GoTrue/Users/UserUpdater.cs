using System.Data.Common;
using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Http;
using AgentHub.Auth.GoTrue.Passwords;
using AgentHub.Auth.GoTrue.Storage;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>
/// <c>PUT /user</c>: a signed-in user changes their metadata (<c>data</c>), password or email.
/// <c>app_metadata</c> is for admin roles only. A new password ends the user's other sessions.
/// </summary>
internal sealed class UserUpdater(GoTrueOptions options, UserStore users, PasswordPolicy passwords, BearerAuthenticator bearer)
{
    public async Task<UserRecord> UpdateAsync(Caller caller, JsonBody body, CancellationToken cancellationToken)
    {
        var user = caller.User;
        var appMetadata = body.Object("app_metadata");
        if (appMetadata is not null && !bearer.IsAdmin(caller.Token))
        {
            throw AuthError.Forbidden(AuthErrorCodes.NotAdmin, "Updating app_metadata requires admin privileges").ToException();
        }
        var changes = new UserChanges
        {
            UserMetadataPatch = Metadata.ToObject(body.Object("data")),
            AppMetadataPatch = Metadata.ToObject(appMetadata),
        };

        if (body.String("password") is { Length: > 0 } password)
        {
            passwords.Check(password);
            if (user.HasPassword && PasswordHasher.Verify(password, user.EncryptedPassword))
            {
                throw AuthError.Unprocessable(AuthErrorCodes.SamePassword, "New password should be different from the old password.").ToException();
            }
            changes = changes with { EncryptedPassword = PasswordHasher.Hash(password), RevokeSessions = true, KeepSessionId = caller.SessionId };
        }

        if (body.String("email") is { Length: > 0 } requested)
        {
            var email = Addresses.ValidateEmail(requested);
            if (email != user.Email)
            {
                if (await users.EmailTakenAsync(email, user.Id, cancellationToken).ConfigureAwait(false)) throw EmailExists();
                // Without a mailer the change cannot be confirmed by link; with auto-confirm GoTrue
                // applies it at once, otherwise it waits in new_email for an admin.
                changes = options.MailerAutoconfirm ? changes with { Email = email } : changes with { PendingEmail = email };
            }
        }

        if (body.String("phone") is { Length: > 0 } phone && Addresses.ValidatePhone(phone) != user.Phone)
        {
            // Phone changes are confirmed by SMS, and a hub has no SMS provider.
            throw AuthError.Unprocessable(AuthErrorCodes.PhoneProviderDisabled, "Phone logins are disabled").ToException();
        }

        try
        {
            return await users.ApplyAsync(user.Id, changes, cancellationToken).ConfigureAwait(false)
                ?? throw AuthError.Forbidden(AuthErrorCodes.UserNotFound, "User from sub claim in JWT does not exist").ToException();
        }
        catch (DbException e) when (e.SqlState == Db.UniqueViolation)
        {
            throw EmailExists();
        }
    }

    public static AuthException EmailExists() =>
        AuthError.Unprocessable(AuthErrorCodes.EmailExists, "A user with this email address has already been registered").ToException();
}
