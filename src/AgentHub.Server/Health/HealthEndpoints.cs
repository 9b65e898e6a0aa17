using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentHub.Server.Health;

/// <summary>Maps <c>GET /health</c>: 200 with the report when the database answers, 503 when it does not.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", async (HealthReporter reporter, CancellationToken cancellationToken) =>
        {
            var report = await reporter.ReportAsync(cancellationToken).ConfigureAwait(false);
            return Results.Json(report, statusCode: report.Database.Reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return routes;
    }
}
