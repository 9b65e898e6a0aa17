using Microsoft.AspNetCore.Builder;

namespace AgentHub.Server.Modules;

/// <summary>Wires the Supabase Realtime-compatible WebSocket server (under <c>/realtime/v1</c>) into the hub.</summary>
internal static class RealtimeModule
{
    /// <summary>Registers the module's services.</summary>
    public static void AddServices(WebApplicationBuilder builder, HubModuleContext context)
    {
    }

    /// <summary>Maps the module's endpoints.</summary>
    public static void Map(WebApplication app, HubModuleContext context)
    {
    }
}
