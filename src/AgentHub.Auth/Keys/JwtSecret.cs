using System.Security.Cryptography;
using System.Text;

namespace AgentHub.Auth.Keys;

/// <summary>
/// The HS256 secret every token is signed with: the project's own (<c>SUPABASE_JWT_SECRET</c>), or one
/// generated on first start and kept in the data folder, readable by the owner only.
/// </summary>
public sealed class JwtSecret
{
    /// <summary>Supabase rejects shorter secrets; so do we.</summary>
    public const int MinimumLength = 32;

    /// <summary>File name inside the data folder.</summary>
    public const string FileName = "jwt-secret";

    private JwtSecret(string value, string origin)
    {
        Value = value;
        Origin = origin;
    }

    /// <summary>The secret text; its UTF-8 bytes are the HMAC key, as in GoTrue and PostgREST.</summary>
    public string Value { get; }

    /// <summary>Where it came from: "environment/configuration" or the file path.</summary>
    public string Origin { get; }

    /// <summary>The HMAC key bytes.</summary>
    public byte[] KeyBytes => Encoding.UTF8.GetBytes(Value);

    /// <summary>Uses a configured secret, after checking its length.</summary>
    public static JwtSecret FromConfiguration(string value)
    {
        if (value.Length < MinimumLength)
        {
            throw new ArgumentException($"The JWT secret (SUPABASE_JWT_SECRET / AgentHub:Auth:JwtSecret) must be at least {MinimumLength} characters; it has {value.Length}.");
        }
        return new JwtSecret(value, "configuration");
    }

    /// <summary>Reads the data folder's secret, creating it (owner-only) on first use.</summary>
    public static JwtSecret LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length < MinimumLength) throw new InvalidOperationException($"The JWT secret in '{path}' is shorter than {MinimumLength} characters; delete the file to generate a new one (this changes every key).");
            return new JwtSecret(existing, path);
        }

        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        // Create with owner-only permissions from the start, so the secret is never readable by others.
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            stream.Write(Encoding.UTF8.GetBytes(secret + "\n"));
        }
        return new JwtSecret(secret, path);
    }
}
