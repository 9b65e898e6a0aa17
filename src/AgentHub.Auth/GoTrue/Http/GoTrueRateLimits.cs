using Microsoft.AspNetCore.RateLimiting;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>
/// The auth API's named rate limits (ASP.NET Core rate limiting policies), counted per client address
/// like GoTrue's. A refused request gets GoTrue's 429 <c>over_request_rate_limit</c>.
/// </summary>
internal static class GoTrueRateLimits
{
    /// <summary>
    /// <c>POST /token</c>, every grant (password sign-in and refresh): GoTrue's
    /// <c>GOTRUE_RATE_LIMIT_TOKEN_REFRESH</c>, N requests per <see cref="Window"/> per address.
    /// </summary>
    public const string Token = "gotrue-token";

    /// <summary>The window the limits count over (GoTrue's are "per 5 minutes").</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public static void AddPolicies(RateLimiterOptions limiter) => limiter.AddPolicy<string, TokenRateLimitPolicy>(Token);
}
