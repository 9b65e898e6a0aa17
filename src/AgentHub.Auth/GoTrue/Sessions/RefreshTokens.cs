using System.Security.Cryptography;

namespace AgentHub.Auth.GoTrue.Sessions;

/// <summary>
/// Opaque refresh tokens. GoTrue's legacy tokens are 12 lowercase alphanumerics (about 62 bits); ours
/// use the same alphabet at 32 characters (about 165 bits), which every client stores just the same.
/// </summary>
internal static class RefreshTokens
{
    public const int Length = 32;

    /// <summary>Shortest and longest token accepted: GoTrue's legacy length, and the column's width.</summary>
    public const int MinLength = 12;
    public const int MaxLength = 255;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>
    /// Could this be a refresh token at all (ours, or one GoTrue issued into the same database)?
    /// Anything else is refused without a database lookup.
    /// </summary>
    public static bool IsWellFormed(string token) =>
        token.Length is >= MinLength and <= MaxLength
        && token.AsSpan().IndexOfAnyExcept("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") < 0;
}
