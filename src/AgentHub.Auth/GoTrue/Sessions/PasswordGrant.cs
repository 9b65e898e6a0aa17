using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Http;
using AgentHub.Auth.GoTrue.Passwords;
using AgentHub.Auth.GoTrue.Users;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Sessions;

/// <summary><c>POST /token?grant_type=password</c>: email and password for a session.</summary>
internal sealed class PasswordGrant(GoTrueOptions options, UserStore users, PasswordPolicy passwords, SessionService sessions)
{
    /// <summary>
    /// Checked when the email is unknown, so a miss costs the same bcrypt work as a wrong password
    /// and response time does not tell which addresses are registered.
    /// </summary>
    private static readonly string DecoyHash = PasswordHasher.Hash(Guid.NewGuid().ToString());

    public async Task<IResult> SignInAsync(JsonBody body, HttpContext http)
    {
        var email = body.String("email");
        var phone = body.String("phone");
        var password = body.String("password") ?? "";
        if (!string.IsNullOrEmpty(email) && !string.IsNullOrEmpty(phone))
        {
            throw AuthError.Validation("Only an email address or phone number should be provided on login.").ToException();
        }
        if (!string.IsNullOrEmpty(phone)) throw AuthError.Unprocessable(AuthErrorCodes.PhoneProviderDisabled, "Phone logins are disabled").ToException();
        if (string.IsNullOrEmpty(email)) throw AuthError.Validation("missing email or phone").ToException();
        if (!options.EmailEnabled) throw AuthError.Unprocessable(AuthErrorCodes.EmailProviderDisabled, "Email logins are disabled").ToException();

        var user = await users.FindByEmailAsync(email.Trim().ToLowerInvariant(), http.RequestAborted).ConfigureAwait(false);
        if (user is null)
        {
            PasswordHasher.Verify(password, DecoyHash);
            throw InvalidCredentials();
        }
        if (user.IsBanned) throw AuthError.BadRequest(AuthErrorCodes.UserBanned, "User is banned").ToException();
        if (!PasswordHasher.Verify(password, user.EncryptedPassword)) throw InvalidCredentials();
        if (!user.IsEmailConfirmed) throw AuthError.BadRequest(AuthErrorCodes.EmailNotConfirmed, "Email not confirmed").ToException();

        var weak = passwords.IsStrongEnough(password) ? null : passwords.LengthMessage;
        return await sessions.SignInAsync(user.Id, "password", "email", http, weak).ConfigureAwait(false);
    }

    private static AuthException InvalidCredentials() => AuthError.BadRequest(AuthErrorCodes.InvalidCredentials, "Invalid login credentials").ToException();
}
