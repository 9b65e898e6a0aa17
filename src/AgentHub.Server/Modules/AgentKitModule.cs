using AgentHub.Realtime.Presence;
using AgentHub.Server.Agents;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentHub.Server.Modules;

/// <summary>
/// The agent kit's server-side workers: the presence mirror (an <see cref="IPresenceObserver"/> the
/// realtime server reports to) and the sweeper (leases, silent agents, stuck runs). The kit's schema
/// comes with the platform migrations and is reached through the data API and realtime.
/// </summary>
internal static class AgentKitModule
{
    public static void AddServices(WebApplicationBuilder builder, HubModuleContext context)
    {
        builder.Services.AddSingleton(sp => new AgentPresenceMirror(context.AdminDatabase, sp.GetRequiredService<ILogger<AgentPresenceMirror>>()));
        builder.Services.AddSingleton<IPresenceObserver>(sp => sp.GetRequiredService<AgentPresenceMirror>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentPresenceMirror>());
        builder.Services.AddHostedService(sp => new AgentKitSweeper(context.AdminDatabase, context.Options,
            sp.GetRequiredService<AgentPresenceMirror>(), sp.GetRequiredService<ILogger<AgentKitSweeper>>()));
    }
}
