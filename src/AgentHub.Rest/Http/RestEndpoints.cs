using AgentHub.Auth.Keys;
using AgentHub.Auth.Tokens;
using AgentHub.Rest.Execution;
using AgentHub.Rest.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentHub.Rest.Http;

/// <summary>Registers the data API's services and maps <c>/rest/v1</c>.</summary>
internal static class RestEndpoints
{
    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"];

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

    public static void Map(IEndpointRouteBuilder app)
    {
        RequestDelegate handle = http => http.RequestServices.GetRequiredService<RestHandler>().HandleAsync(http);
        app.MapMethods("/rest/v1", Methods, handle);
        app.MapMethods("/rest/v1/{**path}", Methods, handle);
        app.MapMethods("/rest/v1/{**path}", ["OPTIONS"], http =>
        {
            // A plain OPTIONS (not a CORS preflight, which the CORS middleware answers) lists the methods.
            http.Response.Headers.Allow = "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE";
            http.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
    }
}
