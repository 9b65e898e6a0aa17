using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentHub.Server.Hosting;

/// <summary>
/// CORS for browser clients (supabase-js in a page on another origin): any origin, the headers the
/// Supabase clients send, and the response headers they must be able to read (counts, ranges, locations).
/// Access is decided by keys and row-level security, not by origin, as on Supabase.
/// </summary>
internal static class CorsSetup
{
    private static readonly string[] AllowedHeaders =
    [
        "apikey", "authorization", "content-type", "accept", "accept-profile", "content-profile", "prefer", "range",
        "range-unit", "x-client-info", "x-supabase-api-version", "x-retry-count", "x-upsert", "cache-control", "if-none-match",
    ];

    private static readonly string[] ExposedHeaders =
    [
        "Content-Range", "Content-Location", "Content-Profile", "Location", "Preference-Applied", "Range-Unit",
        "X-Total-Count", "X-Supabase-Api-Version", "Retry-After", "WWW-Authenticate",
    ];

    public static void AddHubCors(this IServiceCollection services) => services.AddCors(o => o.AddDefaultPolicy(new CorsPolicyBuilder()
        .AllowAnyOrigin()
        .WithMethods("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
        .WithHeaders(AllowedHeaders)
        .WithExposedHeaders(ExposedHeaders)
        .SetPreflightMaxAge(TimeSpan.FromHours(1))
        .Build()));
}
