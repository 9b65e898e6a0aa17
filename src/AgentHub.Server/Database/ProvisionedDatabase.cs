using AgentHub.Postgres;
using AgentHub.Postgres.Embedded;

namespace AgentHub.Server.Database;

/// <summary>The database a hub (or a CLI command) works on, and the cluster it started for it, if any.</summary>
internal sealed class ProvisionedDatabase(DatabaseEndpoint admin, EmbeddedCluster? cluster, IDisposable? folderLock) : IAsyncDisposable
{
    /// <summary>Endpoint with rights to migrate (the embedded superuser, or the configured external user).</summary>
    public DatabaseEndpoint Admin { get; } = admin;

    /// <summary>The embedded cluster this process started; null for an external database or a cluster another hub runs.</summary>
    public EmbeddedCluster? Cluster { get; } = cluster;

    public bool IsEmbedded { get; init; }

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null) await Cluster.StopAsync().ConfigureAwait(false);
        folderLock?.Dispose();
    }
}
