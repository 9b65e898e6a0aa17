using AgentHub.Auth.Keys;
using AgentHub.Auth.Tokens;

namespace AgentHub.Auth.Tests;

/// <summary>
/// The verifier's time rules (PostgREST's, 30 s of clock skew), each checked on every use of a
/// cached token, not only on its first verification.
/// </summary>
public sealed class TokenVerifierTests
{
    private static readonly JwtSecret Secret = JwtSecret.FromConfiguration("token-verifier-tests-secret-0123456789-abcdef");
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("nbf", 60, TokenFailure.NotYetValid, "JWT not yet valid")]
    [InlineData("iat", 60, TokenFailure.IssuedInFuture, "JWT issued at future")]
    [InlineData("exp", -60, TokenFailure.Expired, "JWT expired")]
    public async Task A_time_claim_outside_the_skew_fails_and_the_same_token_passes_once_time_moves_past_it(string claim, int offsetSeconds, TokenFailure failure, string message)
    {
        var clock = new ManualClock(Start);
        var verifier = new TokenVerifier(Secret, clock);
        var token = TokenSigner.Sign(Secret, $$"""{"role":"authenticated","{{claim}}":{{Start.AddSeconds(offsetSeconds).ToUnixTimeSeconds()}}}""");

        var check = await verifier.VerifyAsync(token);
        Assert.Null(check.Token);
        Assert.Equal((failure, message), (check.Failure, check.Message));

        // nbf and iat become valid as time passes; an expired token was valid before.
        clock.Now = claim == "exp" ? Start.AddSeconds(-120) : Start.AddSeconds(120);
        Assert.Equal("authenticated", (await verifier.VerifyAsync(token)).Token?.Role);
        // Cached now: moving back (nbf, iat) or on (exp) fails again, from the cache.
        clock.Now = Start;
        Assert.Equal(failure, (await verifier.VerifyAsync(token)).Failure);
    }

    [Theory]
    [InlineData("nbf", 29)]
    [InlineData("iat", 29)]
    [InlineData("exp", -29)]
    public async Task Within_the_clock_skew_a_time_claim_passes(string claim, int offsetSeconds)
    {
        var verifier = new TokenVerifier(Secret, new ManualClock(Start));
        var token = TokenSigner.Sign(Secret, $$"""{"role":"authenticated","{{claim}}":{{Start.AddSeconds(offsetSeconds).ToUnixTimeSeconds()}}}""");
        Assert.Equal("authenticated", (await verifier.VerifyAsync(token)).Token?.Role);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
