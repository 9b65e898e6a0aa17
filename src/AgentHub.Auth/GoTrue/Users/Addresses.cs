using System.Text.RegularExpressions;
using AgentHub.Auth.GoTrue.Errors;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>Email and phone checks with GoTrue's rules and messages.</summary>
internal static partial class Addresses
{
    /// <summary>The width of <c>auth.users.email</c>.</summary>
    public const int MaxEmailLength = 255;

    /// <summary>Trims and lower-cases an email address (GoTrue stores them lower-case), or throws 400 <c>validation_failed</c>.</summary>
    public static string ValidateEmail(string email)
    {
        email = email.Trim();
        if (email.Length == 0) throw AuthError.Validation("An email address is required").ToException();
        if (email.Length > MaxEmailLength) throw AuthError.Validation("An email address is too long").ToException();
        if (!EmailPattern().IsMatch(email)) throw AuthError.Validation("Unable to validate email address: invalid format").ToException();
        return email.ToLowerInvariant();
    }

    /// <summary>E.164 digits without the <c>+</c> (how GoTrue stores phones), or throws 400 <c>validation_failed</c>.</summary>
    public static string ValidatePhone(string phone)
    {
        var digits = phone.Trim().TrimStart('+').Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal)
            .Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal);
        if (!PhonePattern().IsMatch(digits)) throw AuthError.Validation("Invalid phone number format (E.164 required)").ToException();
        return digits;
    }

    // The pattern of the Go checkmail package GoTrue validates with: a permissive local part, and a
    // domain of dot-separated labels of letters, digits and inner hyphens.
    [GeneratedRegex(@"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
