using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AgentHub.Dashboard;

/// <summary>
/// Wires the web dashboard into the hub at <c>/dashboard/</c>. The page is a client of the hub's public
/// APIs like any other (supabase-js against <c>/auth/v1</c>, <c>/rest/v1</c>, <c>/realtime/v1</c> and
/// <c>GET /health</c>): this module only serves its files, it has no data endpoints of its own.
/// </summary>
internal static class DashboardModule
{
    /// <summary>Registers the page's files (loaded once, held in memory: about 300 KB).</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="anonKey">The anon key the page starts with (public by design).</param>
    public static void AddServices(IServiceCollection services, string anonKey) =>
        services.AddSingleton(DashboardAssets.Load(anonKey));

    /// <summary>Maps <c>/dashboard/</c> and the redirects to it.</summary>
    public static void Map(WebApplication app) =>
        app.MapDashboard(app.Services.GetRequiredService<DashboardAssets>());
}
