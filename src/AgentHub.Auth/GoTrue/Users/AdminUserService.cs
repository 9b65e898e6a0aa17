using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Passwords;
using AgentHub.Auth.GoTrue.Storage;
using Microsoft.Extensions.Logging;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>
/// The admin user operations (service role): create, update and delete users, with GoTrue's rules.
/// Admins are trusted: no password strength rule, addresses can be set and confirmed directly.
/// </summary>
internal sealed class AdminUserService(UserStore users, UserCreator creator, ILogger<AdminUserService> logger)
{
    public async Task<UserRecord> CreateAsync(AdminUserAttributes a, CancellationToken cancellationToken)
    {
        if (a.Email is null && a.Phone is null) throw AuthError.Validation("Cannot create a user without either an email or phone").ToException();
        if (a.Email is not null && await users.EmailTakenAsync(a.Email, null, cancellationToken).ConfigureAwait(false)) throw UserUpdater.EmailExists();
        if (a.Phone is not null && await users.PhoneTakenAsync(a.Phone, null, cancellationToken).ConfigureAwait(false)) throw PhoneExists();
        var id = a.Id ?? Guid.NewGuid();
        if (a.Id is { } requested && await users.FindByIdAsync(requested, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw AuthError.Unprocessable(AuthErrorCodes.UserAlreadyExists, "User already exists").ToException();
        }

        var providers = new List<string>();
        var identities = new List<NewIdentity>();
        if (a.Email is not null)
        {
            providers.Add("email");
            identities.Add(new NewIdentity("email", id.ToString(), Metadata.IdentityData(id, a.Email, null).ToJsonString()));
        }
        if (a.Phone is not null)
        {
            providers.Add("phone");
            identities.Add(new NewIdentity("phone", id.ToString(), Metadata.IdentityData(id, null, a.Phone).ToJsonString()));
        }
        var userMetadata = Metadata.Merge(Metadata.Merge(new JsonObject(), a.UserMetadata), Metadata.IdentityData(id, a.Email, a.Phone));
        userMetadata["email_verified"] = a.EmailConfirm;
        userMetadata["phone_verified"] = a.PhoneConfirm;

        // No password at all gets an unguessable one, as GoTrue does: the account exists but cannot
        // sign in with a password until one is set.
        var hash = a.PasswordHash ?? PasswordHasher.Hash(a.Password ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return await creator.CreateAsync(new NewUser
        {
            Id = id,
            Role = a.Role ?? "authenticated",
            Email = a.Email,
            Phone = a.Phone,
            EncryptedPassword = hash,
            EmailConfirmed = a.EmailConfirm,
            PhoneConfirmed = a.PhoneConfirm,
            AppMetadataJson = Metadata.Merge(Metadata.AppMetadata([.. providers]), a.AppMetadata).ToJsonString(),
            UserMetadataJson = userMetadata.ToJsonString(),
            BannedForSeconds = a.BanForSeconds,
            Identities = identities,
        }, () => AuthError.Unprocessable(AuthErrorCodes.EmailExists, "A user with this email address has already been registered"), cancellationToken).ConfigureAwait(false);
    }

    public async Task<UserRecord> UpdateAsync(Guid id, AdminUserAttributes a, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id, cancellationToken).ConfigureAwait(false) ?? throw UserNotFound();
        var userPatch = Metadata.ToObject(a.UserMetadata) ?? [];
        if (a.EmailConfirm) userPatch["email_verified"] = true;
        if (a.PhoneConfirm) userPatch["phone_verified"] = true;

        var changes = new UserChanges
        {
            Role = a.Role,
            UserMetadataPatch = userPatch.Count > 0 ? userPatch : null,
            AppMetadataPatch = Metadata.ToObject(a.AppMetadata),
            ConfirmEmail = a.EmailConfirm,
            ConfirmPhone = a.PhoneConfirm,
            Unban = a.Unban,
            BanForSeconds = a.BanForSeconds,
        };
        if (a.Email is { } email && email != user.Email)
        {
            if (await users.EmailTakenAsync(email, id, cancellationToken).ConfigureAwait(false)) throw UserUpdater.EmailExists();
            changes = changes with { Email = email };
        }
        if (a.Phone is { } phone && phone != user.Phone)
        {
            if (await users.PhoneTakenAsync(phone, id, cancellationToken).ConfigureAwait(false)) throw PhoneExists();
            changes = changes with { Phone = phone };
        }
        if (a.Password is not null || a.PasswordHash is not null)
        {
            // A new password ends every session, as GoTrue's UpdatePassword does without a current session.
            changes = changes with { EncryptedPassword = a.PasswordHash ?? PasswordHasher.Hash(a.Password!), RevokeSessions = true };
        }

        try
        {
            return await users.ApplyAsync(id, changes, cancellationToken).ConfigureAwait(false) ?? throw UserNotFound();
        }
        catch (DbException e) when (e.SqlState == Db.UniqueViolation)
        {
            throw changes.Email is not null ? UserUpdater.EmailExists() : PhoneExists();
        }
    }

    public async Task DeleteAsync(Guid id, bool soft, CancellationToken cancellationToken)
    {
        bool deleted;
        try
        {
            deleted = soft
                ? await users.SoftDeleteAsync(id, cancellationToken).ConfigureAwait(false)
                : await users.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            // Typically an app table referencing auth.users without "on delete cascade".
            logger.DeleteUserFailed(e, id);
            throw AuthError.Internal("Database error deleting user").ToException();
        }
        if (!deleted) throw UserNotFound();
        logger.UserDeleted(id, soft);
    }

    public static AuthException UserNotFound() => AuthError.NotFound(AuthErrorCodes.UserNotFound, "User not found").ToException();

    private static AuthException PhoneExists() =>
        AuthError.Unprocessable(AuthErrorCodes.PhoneExists, "A user with this phone number has already been registered").ToException();
}
