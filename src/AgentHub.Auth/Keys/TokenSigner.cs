using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentHub.Auth.Keys;

/// <summary>Signs and checks HS256 JWTs with the project secret.</summary>
public static class TokenSigner
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Signs a JSON claims object exactly as given (no claims added).</summary>
    public static string Sign(JwtSecret secret, string claimsJson) =>
        Handler.CreateToken(claimsJson, new SigningCredentials(new SymmetricSecurityKey(secret.KeyBytes), SecurityAlgorithms.HmacSha256));

    /// <summary>
    /// Validates signature and lifetime (30 s clock skew, as PostgREST allows); no issuer or audience
    /// check, as Supabase configures none.
    /// </summary>
    public static async Task<TokenValidationResult> ValidateAsync(JwtSecret secret, string token)
    {
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(secret.KeyBytes),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = false,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        return await Handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
    }
}
