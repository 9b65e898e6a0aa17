using System.Text.Json;
using System.Text.Json.Nodes;
using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Http;
using AgentHub.Auth.GoTrue.Passwords;
using AgentHub.Auth.GoTrue.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>
/// <c>POST /signup</c>: email and password sign-up, and anonymous sign-in (a body with neither email
/// nor phone). With auto-confirm (the hub's default) the answer is a session; otherwise the unconfirmed
/// user, whom an admin confirms (the hub sends no mail).
/// </summary>
internal sealed class SignupService(
    GoTrueOptions options,
    UserStore users,
    UserCreator creator,
    PasswordPolicy passwords,
    SessionService sessions,
    TimeProvider time,
    ILogger<SignupService> logger)
{
    public async Task<IResult> SignUpAsync(JsonBody body, HttpContext http)
    {
        if (options.DisableSignup) throw AuthError.Unprocessable(AuthErrorCodes.SignupDisabled, "Signups not allowed for this instance").ToException();
        var email = body.String("email");
        var phone = body.String("phone");
        var data = body.Object("data");
        if (string.IsNullOrEmpty(email) && string.IsNullOrEmpty(phone)) return await SignUpAnonymouslyAsync(data, http).ConfigureAwait(false);

        var password = body.String("password");
        if (string.IsNullOrEmpty(password)) throw AuthError.Validation("Signup requires a valid password").ToException();
        passwords.Check(password);
        if (!string.IsNullOrEmpty(email) && !string.IsNullOrEmpty(phone))
        {
            throw AuthError.Validation("Only an email address or phone number should be provided on signup.").ToException();
        }
        if (string.IsNullOrEmpty(email))
        {
            // Phone sign-up confirms by SMS, and a hub has no SMS provider.
            throw AuthError.BadRequest(AuthErrorCodes.PhoneProviderDisabled, "Phone signups are disabled").ToException();
        }
        if (!options.EmailEnabled) throw AuthError.BadRequest(AuthErrorCodes.EmailProviderDisabled, "Email signups are disabled").ToException();
        email = Addresses.ValidateEmail(email);

        var existing = await users.FindByEmailAsync(email, http.RequestAborted).ConfigureAwait(false);
        if (existing is not null) return ExistingUser(existing, data);

        var id = Guid.NewGuid();
        var identityData = Metadata.IdentityData(id, email, phone: null);
        var userMetadata = Metadata.Merge(Metadata.Merge(new JsonObject(), data), identityData);
        if (options.MailerAutoconfirm) userMetadata["email_verified"] = true;
        var user = await creator.CreateAsync(new NewUser
        {
            Id = id,
            Email = email,
            EncryptedPassword = PasswordHasher.Hash(password),
            EmailConfirmed = options.MailerAutoconfirm,
            ConfirmationSent = !options.MailerAutoconfirm,
            AppMetadataJson = Metadata.AppMetadata("email").ToJsonString(),
            UserMetadataJson = userMetadata.ToJsonString(),
            Identities = [new NewIdentity("email", id.ToString(), identityData.ToJsonString())],
        }, UserAlreadyRegistered, http.RequestAborted).ConfigureAwait(false);
        logger.UserSignedUp(user.Id, "email");

        if (!options.MailerAutoconfirm)
        {
            logger.ConfirmationPending(user.Id);
            return JsonResponse.Ok(w => UserJson.Write(w, user));
        }
        return await sessions.SignInAsync(user.Id, "password", "email", http).ConfigureAwait(false);
    }

    private async Task<IResult> SignUpAnonymouslyAsync(JsonElement? data, HttpContext http)
    {
        if (!options.AnonymousUsersEnabled)
        {
            throw AuthError.Unprocessable(AuthErrorCodes.AnonymousProviderDisabled, "Anonymous sign-ins are disabled").ToException();
        }
        var user = await creator.CreateAsync(new NewUser
        {
            Id = Guid.NewGuid(),
            IsAnonymous = true,
            AppMetadataJson = Metadata.AppMetadata("anonymous").ToJsonString(),
            UserMetadataJson = Metadata.Merge(new JsonObject(), data).ToJsonString(),
        }, UserAlreadyRegistered, http.RequestAborted).ConfigureAwait(false);
        logger.UserSignedUp(user.Id, "anonymous");
        return await sessions.SignInAsync(user.Id, "anonymous", identityProvider: null, http).ConfigureAwait(false);
    }

    /// <summary>
    /// A sign-up for a registered address. With auto-confirm GoTrue says so (422); otherwise it answers
    /// 200 with a made-up user (random id, no identities) so that sign-up does not reveal who is
    /// registered; apps spot the duplicate by the empty <c>identities</c>.
    /// </summary>
    private JsonResponse ExistingUser(UserRecord existing, JsonElement? data)
    {
        if (options.MailerAutoconfirm) throw UserAlreadyRegistered().ToException();
        var now = time.GetUtcNow().UtcDateTime;
        var decoy = existing with
        {
            Id = Guid.NewGuid(),
            Phone = "",
            CreatedAt = now,
            UpdatedAt = now,
            ConfirmationSentAt = now,
            LastSignInAt = null,
            ConfirmedAt = null,
            EmailConfirmedAt = null,
            PhoneConfirmedAt = null,
            Identities = [],
            UserMetadataJson = Metadata.Merge(new JsonObject(), data).ToJsonString(),
            AppMetadataJson = Metadata.AppMetadata("email").ToJsonString(),
            NewEmail = "",
            EmailChangeSentAt = null,
            BannedUntil = null,
        };
        return JsonResponse.Ok(w => UserJson.Write(w, decoy));
    }

    private static AuthError UserAlreadyRegistered() => AuthError.Unprocessable(AuthErrorCodes.UserAlreadyExists, "User already registered");
}
