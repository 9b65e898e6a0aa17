using AgentHub.Rest.Http;
using Microsoft.AspNetCore.Builder;

namespace AgentHub.Server.Modules;

/// <summary>Wires the PostgREST-compatible data API (under <c>/rest/v1</c>) into the hub.</summary>
internal static class RestModule
{
    /// <summary>Registers the module's services: schema cache (loaded before the host serves), authenticator, executor.</summary>
    /// <remarks>
    /// Requests get their own pool rather than <see cref="HubModuleContext.ApiDatabase"/>: they need
    /// Npgsql's IncludeErrorDetail (Postgres' DETAIL is the PostgREST <c>details</c> field) and
    /// auto-prepare. Same login as ApiDatabase: authenticator on the embedded cluster (whose password
    /// the host sets to the cluster's), the configured user otherwise.
    /// </remarks>
    public static void AddServices(WebApplicationBuilder builder, HubModuleContext context)
    {
        var endpoint = context.Runtime.EmbeddedDatabase ? context.DatabaseEndpoint with { Username = "authenticator" } : context.DatabaseEndpoint;
        // The agent kit's schema is exposed beside Supabase's defaults: agents and dashboards reach it
        // with Accept-Profile / Content-Profile: agenthub (supabase.schema('agenthub') in supabase-js).
        var options = RestOptions.Default with { ExposedSchemas = ["public", "graphql_public", "agenthub"] };
        RestEndpoints.AddServices(builder.Services, options, context.Keys, context.Tokens, context.AdminDatabase, endpoint.ConnectionString("agenthub-rest"));
    }

    /// <summary>Maps the module's endpoints.</summary>
    public static void Map(WebApplication app, HubModuleContext context) => RestEndpoints.Map(app);
}
