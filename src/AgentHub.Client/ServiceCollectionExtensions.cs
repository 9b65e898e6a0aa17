using AgentHub.Client.Agents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentHub.Client;

/// <summary>Registration for hosted .NET apps.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Registers a singleton <see cref="AgentHubClient"/> using IHttpClientFactory.</summary>
    public static IServiceCollection AddAgentHubClient(this IServiceCollection services, Action<AgentHubClientOptions> configure)
    {
        services.AddHttpClient(nameof(AgentHubClient));
        services.AddSingleton(sp =>
        {
            var options = new AgentHubClientOptions { Url = null!, ApiKey = null! };
            configure(options);
            if (options.Url is null || string.IsNullOrEmpty(options.ApiKey)) throw new InvalidOperationException("AgentHubClientOptions.Url and ApiKey are required.");
            return new AgentHubClient(options, sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AgentHubClient)), sp.GetService<ILoggerFactory>());
        });
        return services;
    }

    /// <summary>Registers an agent that runs as a hosted service (needs <see cref="AddAgentHubClient"/>).</summary>
    public static IServiceCollection AddAgentHubAgent(this IServiceCollection services, Action<AgentRuntimeOptions> configure)
    {
        services.AddSingleton(sp =>
        {
            var options = new AgentRuntimeOptions { Name = "" };
            configure(options);
            return new AgentRuntime(sp.GetRequiredService<AgentHubClient>(), options, sp.GetService<ILogger<AgentRuntime>>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<AgentRuntime>());
        return services;
    }
}
