using AgentHub.Auth.GoTrue;
using Microsoft.AspNetCore.Builder;

namespace AgentHub.Server.Modules;

/// <summary>Wires the GoTrue-compatible auth API (under <c>/auth/v1</c>) into the hub.</summary>
internal static class AuthModule
{
    /// <summary>Registers the module's services.</summary>
    /// <remarks>
    /// The settings come from GoTrue's own environment variables (GOTRUE_MAILER_AUTOCONFIRM,
    /// GOTRUE_JWT_EXP, …, see <see cref="GoTrueOptions"/>), which the web host's configuration carries.
    /// The auth tables are written with the hub's own (migrating) connection: API roles have no rights on them.
    /// </remarks>
    public static void AddServices(WebApplicationBuilder builder, HubModuleContext context)
    {
        var options = GoTrueOptions.FromConfiguration(builder.Configuration);
        builder.Services.AddGoTrue(options, context.AdminDatabase, context.Options.PublicUrl);
    }

    /// <summary>Maps the module's endpoints.</summary>
    public static void Map(WebApplication app, HubModuleContext context)
    {
        // /token is rate limited; the middleware reads each endpoint's policy, so endpoints of other
        // modules without one are not affected.
        app.UseRateLimiter();
        app.MapGoTrue(GoTrueEndpoints.DefaultBasePath);
    }
}
