using Microsoft.AspNetCore.Builder;

namespace AgentHub.Server.Modules;

/// <summary>Wires the GoTrue-compatible auth API (under <c>/auth/v1</c>) into the hub.</summary>
internal static class AuthModule
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
