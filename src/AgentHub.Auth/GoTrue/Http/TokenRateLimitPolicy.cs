using System.Globalization;
using System.Threading.RateLimiting;
using AgentHub.Auth.GoTrue.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Logging;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>
/// The <see cref="GoTrueRateLimits.Token"/> policy: a token bucket per client address holding
/// <see cref="GoTrueOptions.TokenRequestsPerFiveMinutes"/> and refilling at that rate. GoTrue lets
/// only 30 through at once; here the bucket holds the whole allowance, because one hub serves a
/// fleet of agents from one address, and they tend to start (and sign in) together.
/// </summary>
internal sealed class TokenRateLimitPolicy(GoTrueOptions options, ILogger<TokenRateLimitPolicy> logger) : IRateLimiterPolicy<string>
{
    private const string UnknownClient = "unknown";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetTokenBucketLimiter(ClientInfo.Ip(httpContext) ?? UnknownClient, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.TokenRequestsPerFiveMinutes,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = GoTrueRateLimits.Window / options.TokenRequestsPerFiveMinutes,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        logger.RateLimited(GoTrueRateLimits.Token, ClientInfo.Ip(http) ?? UnknownClient);
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }
        var error = new AuthError(StatusCodes.Status429TooManyRequests, AuthErrorCodes.OverRequestRateLimit, "Request rate limit reached");
        await new AuthErrorResult(error).ExecuteAsync(http).ConfigureAwait(false);
    }
}
