using AgentHub.Realtime;
using AgentHub.Realtime.Authorization;
using AgentHub.Realtime.PostgresChanges;
using AgentHub.Realtime.Transport;
using AgentHub.Server.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentHub.Server.Modules;

/// <summary>
/// Wires the Supabase Realtime-compatible server (under <c>/realtime/v1</c>, alias <c>/socket</c>)
/// into the hub. Services other modules use: <see cref="RealtimeMetrics"/> (counters for
/// <c>/health</c>) and <see cref="IPostgresChangesRegistry"/> (the change-capture extension point;
/// a registered <see cref="IPostgresChangesBackend"/> is attached at startup).
/// </summary>
internal static class RealtimeModule
{
    /// <summary>Registers the module's services.</summary>
    public static void AddServices(WebApplicationBuilder builder, HubModuleContext context)
    {
        var options = new RealtimeOptions();
        builder.Configuration.GetSection(RealtimeOptions.SectionName).Bind(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new OptionsValidationException(errors);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<RealtimeMetrics>();
        builder.Services.AddSingleton(sp => new PostgresChangesRegistry(
            sp.GetRequiredService<RealtimeMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("AgentHub.Realtime")));
        builder.Services.AddSingleton<IPostgresChangesRegistry>(sp => sp.GetRequiredService<PostgresChangesRegistry>());
        builder.Services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("AgentHub.Realtime");
            var time = sp.GetRequiredService<TimeProvider>();
            return new RealtimeHub(
                options,
                new RealtimeTokenValidator(context.Tokens, time),
                new PostgresChannelAuthorizer(context.AdminDatabase, options.AuthorizationTimeout, logger),
                sp.GetRequiredService<PostgresChangesRegistry>(),
                sp.GetRequiredService<RealtimeMetrics>(),
                logger,
                time,
                sp.GetService<AgentHub.Realtime.Presence.IPresenceObserver>());
        });
    }

    /// <summary>Maps the module's endpoints.</summary>
    public static void Map(WebApplication app, HubModuleContext context)
    {
        var hub = app.Services.GetRequiredService<RealtimeHub>();
        if (app.Services.GetService<IPostgresChangesBackend>() is { } backend)
        {
            hub.PostgresChanges.AttachBackend(backend);
        }

        // Connections are long requests: ask them to close (1001) as soon as the host starts stopping,
        // so shutdown does not wait out the host's timeout on open sockets.
        app.Lifetime.ApplicationStopping.Register(hub.Shutdown);
        RealtimeEndpoints.Map(app, hub);
    }
}
