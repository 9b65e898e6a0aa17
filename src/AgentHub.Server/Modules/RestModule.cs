using AgentHub.Rest.Http;
using Microsoft.AspNetCore.Builder;

namespace AgentHub.Server.Modules;

/// <summary>Wires the PostgREST-compatible data API (under <c>/rest/v1</c>) into the hub.</summary>
internal static class RestModule
{
    /// <summary>Registers the module's services: schema cache (loaded before the host serves), authenticator, executor.</summary>
    /// <remarks>
    /// The pool is built here from <see cref="HubModuleContext.ApiEndpoint"/> because requests need Npgsql's
    /// IncludeErrorDetail (Postgres' DETAIL is the PostgREST <c>details</c> field) and auto-prepare.
    /// </remarks>
    public static void AddServices(WebApplicationBuilder builder, HubModuleContext context)
    {
        // By default the agent kit's schema is exposed beside Supabase's: agents and dashboards reach it
        // with Accept-Profile / Content-Profile: agenthub (supabase.schema('agenthub') in supabase-js).
        var settings = context.Options.Rest;
        var options = RestOptions.Default with
        {
            ExposedSchemas = settings.SchemaList(),
            MaxRows = settings.MaxRows == 0 ? null : settings.MaxRows,
            MaxBodyBytes = settings.MaxBodyBytes,
        };
        RestEndpoints.AddServices(builder.Services, options, context.Keys, context.Tokens, context.AdminDatabase, context.ApiEndpoint.ConnectionString("agenthub-rest"));
    }

    /// <summary>Adds the module's terminal middleware (see <see cref="RestEndpoints.Use"/>): after CORS, before routing.</summary>
    public static void Use(WebApplication app) => RestEndpoints.Use(app);
}
