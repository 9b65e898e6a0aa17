using AgentHub.Auth.Keys;
using AgentHub.Auth.Tokens;
using AgentHub.Rest.Execution;
using AgentHub.Rest.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentHub.Rest.Http;

/// <summary>Registers the data API's services and serves <c>/rest/v1</c>.</summary>
internal static class RestEndpoints
{
    /// <param name="services">The host's services.</param>
    /// <param name="options">Data API settings.</param>
    /// <param name="keys">The API keys the gateway accepts.</param>
    /// <param name="tokens">The shared token verifier.</param>
    /// <param name="adminDatabase">For the schema cache and its listener (catalog reads, LISTEN).</param>
    /// <param name="apiConnectionString">For requests: the API login role (authenticator), which switches role per transaction.</param>
    public static void AddServices(IServiceCollection services, RestOptions options, ApiKeys keys, TokenVerifier tokens, NpgsqlDataSource adminDatabase, string apiConnectionString)
    {
        var cache = new SchemaCache();
        services.AddSingleton(cache);
        services.AddSingleton(options);
        services.AddSingleton(sp => new SchemaCacheService(adminDatabase, options.ExposedSchemas, cache, sp.GetRequiredService<ILogger<SchemaCacheService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<SchemaCacheService>());
        services.AddSingleton(new RequestAuthenticator(keys, tokens, options.AnonRole));
        // Created by the container so it is disposed with the host.
        services.AddSingleton(_ => new RestDatabase(apiConnectionString));
        services.AddSingleton(sp => new StatementExecutor(sp.GetRequiredService<RestDatabase>().DataSource));
        services.AddSingleton<RestHandler>();
    }

    /// <summary>
    /// Serves <c>/rest/v1</c> as a terminal middleware, ahead of endpoint routing. The data API answers
    /// every method itself (an unsupported one gets PostgREST's PGRST117), so route matching, the
    /// rate limiter and the endpoint middleware would only add work to its hottest path: about 4 % of
    /// the hub's CPU per one-row GET. Must come after UseCors (preflights and CORS headers) and before
    /// UseRouting.
    /// </summary>
    public static void Use(IApplicationBuilder app)
    {
        // Resolved once: RequestServices would create and dispose a DI scope per request.
        var handler = app.ApplicationServices.GetRequiredService<RestHandler>();
        app.Use(next => http => http.Request.Path.StartsWithSegments(RestHandler.Prefix, StringComparison.Ordinal) ? Dispatch(http, handler) : next(http));
    }

    private static Task Dispatch(HttpContext http, RestHandler handler)
    {
        if (!HttpMethods.IsOptions(http.Request.Method))
        {
            return handler.HandleAsync(http);
        }

        // A plain OPTIONS (not a CORS preflight, which the CORS middleware answers) lists the methods.
        http.Response.Headers.Allow = "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE";
        http.Response.StatusCode = 200;
        return Task.CompletedTask;
    }
}
