using AgentHub.Cdc;
using AgentHub.Realtime;
using AgentHub.Realtime.PostgresChanges;
using AgentHub.Server.Modules;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentHub.Server.Changes;

/// <summary>
/// Registers change capture: the replication worker on the <c>supabase_realtime</c> publication (table
/// changes) and <c>agenthub_broadcast</c> (broadcasts sent from the database), the authorizer, the
/// bridge that realtime attaches as its postgres_changes backend, the relay of database broadcasts,
/// and the purge of old ones.
/// </summary>
internal static class ChangeCaptureSetup
{
    public const string Publication = "supabase_realtime";

    /// <summary>Inserts into realtime.messages (created by the platform migrations).</summary>
    public const string BroadcastPublication = "agenthub_broadcast";

    public static void AddServices(WebApplicationBuilder builder, HubModuleContext context)
    {
        builder.Services.AddSingleton(new RelationCatalog(context.AdminDatabase));
        builder.Services.AddSingleton(_ => new AuthorizerPool(context.DatabaseEndpoint));
        builder.Services.AddSingleton(sp => new ChangeAuthorizer(sp.GetRequiredService<AuthorizerPool>().DataSource, null, sp.GetService<ILogger<ChangeAuthorizer>>()));
        builder.Services.AddSingleton(sp => new PostgresChangesBridge(
            sp.GetRequiredService<IPostgresChangesRegistry>(), sp.GetRequiredService<ChangeAuthorizer>(), sp.GetRequiredService<RelationCatalog>(),
            Publication, sp.GetRequiredService<ILogger<PostgresChangesBridge>>()));
        builder.Services.AddSingleton<IPostgresChangesBackend>(sp => sp.GetRequiredService<PostgresChangesBridge>());
        builder.Services.AddSingleton(sp => new DatabaseBroadcastRelay(sp.GetRequiredService<RealtimeHub>(), sp.GetRequiredService<ILogger<DatabaseBroadcastRelay>>()));
        builder.Services.AddSingleton(sp => new ReplicationWorker(
            new ReplicationOptions
            {
                ConnectionString = context.DatabaseEndpoint.ConnectionString("agenthub-replication"),
                PublicationName = Publication,
                ExtraPublicationNames = [BroadcastPublication],
                SlotName = SlotName(context.DatabaseEndpoint.Database),
            },
            new ChangeRouter(sp.GetRequiredService<PostgresChangesBridge>(), sp.GetRequiredService<DatabaseBroadcastRelay>()),
            sp.GetService<ILogger<ReplicationWorker>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplicationWorker>());
        builder.Services.AddHostedService(sp => new BroadcastRetention(context.AdminDatabase,
            sp.GetRequiredService<RealtimeOptions>().BroadcastRetention, sp.GetRequiredService<ILogger<BroadcastRetention>>()));
    }

    /// <summary>
    /// The authorizer's own connections (as the hub's login, which may switch to every API role). Its
    /// statements repeat batch after batch (the role switch, one lookup shape per table), so Npgsql
    /// prepares them automatically: PostgreSQL then parses and plans them once per connection instead
    /// of once per subscriber identity per batch. Disposed with the host.
    /// </summary>
    internal sealed class AuthorizerPool(AgentHub.Postgres.DatabaseEndpoint endpoint) : IAsyncDisposable
    {
        public Npgsql.NpgsqlDataSource DataSource { get; } = Npgsql.NpgsqlDataSource.Create(new Npgsql.NpgsqlConnectionStringBuilder(endpoint.ConnectionString("agenthub-cdc-authorizer"))
        {
            Timeout = 5,
            MaxPoolSize = 4,
            MaxAutoPrepare = 32,
            AutoPrepareMinUsages = 2,
        }.ConnectionString);

        public ValueTask DisposeAsync() => DataSource.DisposeAsync();
    }

    /// <summary>
    /// Slot names are unique per cluster, not per database, so the database's name is part of it:
    /// hubs on two databases of one cluster each get their own slot; hubs sharing a database share
    /// one (and the worker's leader lock lets one of them consume it).
    /// </summary>
    internal static string SlotName(string database)
    {
        var safe = new string(database.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var name = "agenthub_" + safe;
        return name.Length <= 63 ? name : name[..54] + "_" + ((uint)database.GetHashCode()).ToString("x8");
    }
}
