using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;

namespace AgentHub.Auth.GoTrue.Passwords;

/// <summary>
/// bcrypt as Supabase stores it in <c>auth.users.encrypted_password</c>: <c>$2a$</c>, cost 10 (Go's
/// <c>bcrypt.DefaultCost</c>), so users moved between a Supabase project and a hub keep their passwords.
/// Checking accepts <c>$2a$</c>, <c>$2b$</c> and <c>$2y$</c> hashes made by any bcrypt
/// (pgcrypto's <c>crypt()</c>, PHP, Python, Node), which differ only in name.
/// </summary>
/// <remarks>
/// Why BouncyCastle's <c>OpenBsdBCrypt</c> and no other package: the usual choice, BCrypt.Net-Next, is
/// not on the package mirror this project builds from (see docs/nuget-available.md), ASP.NET Core's
/// PasswordHasher is PBKDF2 and cannot read Supabase's hashes, and Portable.BouncyCastle is already
/// referenced by this assembly and implements OpenBSD's bcrypt including its <c>$2a$/$2b$/$2y$</c> versions.
/// </remarks>
internal static class PasswordHasher
{
    /// <summary>Go's bcrypt.DefaultCost, which GoTrue uses.</summary>
    public const int Cost = 10;

    /// <summary>bcrypt reads at most 72 bytes of a password; GoTrue refuses longer ones rather than truncate.</summary>
    public const int MaxPasswordBytes = 72;

    private const int SaltBytes = 16;

    /// <summary>Hashes a password as <c>$2a$10$…</c>.</summary>
    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return OpenBsdBCrypt.Generate("2a", password.ToCharArray(), salt, Cost);
    }

    /// <summary>True when <paramref name="password"/> matches a bcrypt hash; false for any other hash or a malformed one.</summary>
    public static bool Verify(string password, string? hash)
    {
        if (!LooksLikeBcrypt(hash)) return false;
        try
        {
            return OpenBsdBCrypt.CheckPassword(hash, password.ToCharArray());
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The shape of a bcrypt hash: <c>$2a$</c>/<c>$2b$</c>/<c>$2y$</c>, two cost digits, 53 characters of salt and hash.</summary>
    public static bool LooksLikeBcrypt(string? hash) =>
        hash is { Length: 60 }
        && hash[0] == '$' && hash[1] == '2' && hash[2] is 'a' or 'b' or 'y' && hash[3] == '$'
        && char.IsAsciiDigit(hash[4]) && char.IsAsciiDigit(hash[5]) && hash[6] == '$'
        && hash.AsSpan(7).IndexOfAnyExcept("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") < 0;

    /// <summary>True when the password is within bcrypt's 72 bytes.</summary>
    public static bool FitsBcrypt(string password) => Encoding.UTF8.GetByteCount(password) <= MaxPasswordBytes;
}
