using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using AgentHub.Auth.Keys;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentHub.Auth.Tokens;

/// <summary>
/// Verifies HS256 JWTs against the project secret by PostgREST's rules (30 s clock skew, no
/// issuer or audience check, missing role means anon) and caches the result per token, because
/// signature checking costs more than the rest of a one-row request.
/// </summary>
public sealed class TokenVerifier
{
    /// <summary>Tokens remembered at most; PostgREST's default is 1000 too.</summary>
    public const int CacheCapacity = 1000;

    /// <summary>Allowed difference between our clock and the issuer's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly ConcurrentDictionary<string, VerifiedToken> _cache = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates a verifier for one secret.</summary>
    public TokenVerifier(JwtSecret secret, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(secret.KeyBytes),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            // Lifetime is checked below, against our TimeProvider, with PostgREST's messages.
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        };
    }

    /// <summary>Verifies a token (signature, then exp/nbf/iat with the clock skew).</summary>
    public async ValueTask<TokenCheck> VerifyAsync(string token)
    {
        if (_cache.TryGetValue(token, out var cached)) return CheckTimes(cached);

        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return TokenCheck.Fail(TokenFailure.Invalid, "JWT cannot be verified: " + (result.Exception?.GetType().Name ?? "invalid token"));
        }

        string claimsJson;
        JsonElement claims;
        try
        {
            claimsJson = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
            claims = JsonDocument.Parse(claimsJson).RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return TokenCheck.Fail(TokenFailure.Invalid, "JWT payload is not a JSON object");
        }
        if (claims.ValueKind != JsonValueKind.Object) return TokenCheck.Fail(TokenFailure.Invalid, "JWT payload is not a JSON object");

        var role = claims.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 0 } named ? named : "anon";
        var verified = new VerifiedToken(role, claimsJson, claims, ReadTime(claims, "exp"))
        {
            NotBefore = ReadTime(claims, "nbf"),
            IssuedAt = ReadTime(claims, "iat"),
        };
        var check = CheckTimes(verified);
        if (check.Succeeded)
        {
            // Bounded: when full, start over rather than track recency; a miss costs one verification.
            if (_cache.Count >= CacheCapacity) _cache.Clear();
            _cache[token] = verified;
        }
        return check;
    }

    private TokenCheck CheckTimes(VerifiedToken token)
    {
        var now = _time.GetUtcNow();
        if (token.ExpiresAt is { } exp && now - ClockSkew >= exp) return TokenCheck.Fail(TokenFailure.Expired, "JWT expired");
        if (token.NotBefore is { } nbf && now + ClockSkew < nbf) return TokenCheck.Fail(TokenFailure.NotYetValid, "JWT not yet valid");
        if (token.IssuedAt is { } iat && now + ClockSkew < iat) return TokenCheck.Fail(TokenFailure.IssuedInFuture, "JWT issued at future");
        return TokenCheck.Ok(token);
    }

    private static DateTimeOffset? ReadTime(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
