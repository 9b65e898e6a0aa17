using AgentHub.Auth.GoTrue.Errors;

namespace AgentHub.Auth.GoTrue.Passwords;

/// <summary>GoTrue's password rules for passwords users choose (admin-set passwords skip the strength rule).</summary>
internal sealed class PasswordPolicy(GoTrueOptions options)
{
    public string LengthMessage => $"Password should be at least {options.PasswordMinLength} characters.";

    /// <summary>Throws 422 <c>weak_password</c> (with reasons) or 400 for a password bcrypt cannot take.</summary>
    public void Check(string password)
    {
        CheckLength(password);
        if (!IsStrongEnough(password))
        {
            throw new AuthError(422, AuthErrorCodes.WeakPassword, LengthMessage, ["length"]).ToException();
        }
    }

    /// <summary>Only the bcrypt limit: what any stored password must satisfy.</summary>
    public static void CheckLength(string password)
    {
        if (!PasswordHasher.FitsBcrypt(password))
        {
            throw AuthError.Validation($"Password cannot be longer than {PasswordHasher.MaxPasswordBytes} characters").ToException();
        }
    }

    /// <summary>Counted in characters (not UTF-16 units), as the message says.</summary>
    public bool IsStrongEnough(string password) => password.EnumerateRunes().Count() >= options.PasswordMinLength;
}
