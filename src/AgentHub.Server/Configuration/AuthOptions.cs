
namespace AgentHub.Server.Configuration;

/// <summary>Token settings.</summary>
public sealed class AuthOptions
{
    /// <summary>HS256 secret (SUPABASE_JWT_SECRET); generated into the data folder when empty.</summary>
    public string? JwtSecret { get; set; }

    internal IEnumerable<string> Validate()
    {
        if (JwtSecret is not null && JwtSecret.Length < AgentHub.Auth.Keys.JwtSecret.MinimumLength)
        {
            yield return $"AgentHub:Auth:JwtSecret (SUPABASE_JWT_SECRET) must be at least {AgentHub.Auth.Keys.JwtSecret.MinimumLength} characters; it has {JwtSecret.Length}.";
        }
    }
}
