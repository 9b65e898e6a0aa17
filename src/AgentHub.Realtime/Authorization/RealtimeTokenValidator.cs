using System.Buffers.Text;
using System.Text.Json;
using AgentHub.Auth.Tokens;

namespace AgentHub.Realtime.Authorization;

/// <summary>
/// Checks a token the way Supabase Realtime does (docs/realtime-protocol.md 1.2): a signed JWT
/// whose claims include <c>role</c> and a numeric <c>exp</c> strictly in the future. Signature
/// checking and caching are the shared <see cref="TokenVerifier"/>'s; this adds Realtime's claim
/// rules and its error messages.
/// </summary>
internal sealed class RealtimeTokenValidator(TokenVerifier verifier, TimeProvider time)
{
    public TimeProvider Time => time;

    public async ValueTask<TokenValidation> ValidateAsync(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return TokenValidation.Fail(TokenProblem.Missing, RealtimeErrors.MalformedMessage);
        }

        var token = raw.Trim();
        if (!HasJwtShape(token))
        {
            return TokenValidation.Fail(TokenProblem.Malformed, RealtimeErrors.MalformedMessage);
        }

        var check = await verifier.VerifyAsync(token).ConfigureAwait(false);
        if (!check.Succeeded)
        {
            return check.Failure switch
            {
                // The verifier allows 30 s of clock skew; past that it reports expiry without claims.
                TokenFailure.Expired when ReadUnverifiedExp(token) is { } exp => Expired(exp),
                TokenFailure.Invalid => TokenValidation.Fail(TokenProblem.Signature, RealtimeErrors.SignatureMessage),
                _ => TokenValidation.Fail(TokenProblem.Invalid, check.Message),
            };
        }

        var verified = check.Token!;
        if (!verified.Claims.TryGetProperty("role", out _)
            || !verified.Claims.TryGetProperty("exp", out var expClaim)
            || expClaim.ValueKind != JsonValueKind.Number)
        {
            return TokenValidation.Fail(TokenProblem.MissingClaims, RealtimeErrors.MissingClaimsMessage);
        }

        // Realtime has no skew: exp must be strictly after now (Joken's "exp > current_time").
        return verified.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow()
            ? Expired(expiresAt)
            : TokenValidation.Valid(verified);
    }

    /// <summary>Checks a token already accepted earlier (a channel's connect token) for expiry only.</summary>
    public TokenValidation Recheck(VerifiedToken token) =>
        token.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow() ? Expired(expiresAt) : TokenValidation.Valid(token);

    private TokenValidation Expired(DateTimeOffset expiresAt)
    {
        var seconds = (long)Math.Max(0, Math.Floor((time.GetUtcNow() - expiresAt).TotalSeconds));
        return TokenValidation.Fail(TokenProblem.Expired, RealtimeErrors.ExpiredMessage(seconds));
    }

    /// <summary>Three non-empty base64url segments, the first decoding to a JSON object with <c>alg</c>.</summary>
    private static bool HasJwtShape(string token)
    {
        var first = token.IndexOf('.');
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.Length - 1 || token.IndexOf('.', second + 1) >= 0)
        {
            return false;
        }

        using var header = DecodeSegment(token.AsSpan(0, first));
        return header is not null
            && header.RootElement.ValueKind == JsonValueKind.Object
            && header.RootElement.TryGetProperty("alg", out _);
    }

    /// <summary>Only used for the message of an expired token, after the verifier accepted its signature.</summary>
    private static DateTimeOffset? ReadUnverifiedExp(string token)
    {
        var parts = token.Split('.');
        using var payload = DecodeSegment(parts[1]);
        return payload is not null
            && payload.RootElement.ValueKind == JsonValueKind.Object
            && payload.RootElement.TryGetProperty("exp", out var exp)
            && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
    }

    private static JsonDocument? DecodeSegment(ReadOnlySpan<char> segment)
    {
        // Headers and payloads are small; a segment over 8 KB is not a token we issued or accept.
        if (segment.Length > 8192)
        {
            return null;
        }

        try
        {
            // JsonDocument keeps the bytes it parsed, so they are its own array rather than pooled.
            return JsonDocument.Parse(Base64Url.DecodeFromChars(segment));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }
}
