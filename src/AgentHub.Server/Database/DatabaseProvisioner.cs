using AgentHub.Postgres;
using AgentHub.Postgres.Embedded;
using AgentHub.Server.Configuration;
using AgentHub.Server.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentHub.Server.Database;

/// <summary>
/// Decides which database to use: the configured external one, or the data folder's embedded
/// cluster, which this process starts unless a live hub already runs it.
/// </summary>
internal static class DatabaseProvisioner
{
    /// <summary>For <c>serve</c>: an external database, or the embedded cluster, owned by this process.</summary>
    public static async Task<ProvisionedDatabase> ForServerAsync(AgentHubOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (options.Database.IsExternal) return new ProvisionedDatabase(options.Database.ExternalEndpoint(), null, null);

        var folderLock = DataFolderLock.TryAcquire(options.DataDir)
            ?? throw new EmbeddedClusterException(
                $"Another AgentHub (pid {DataFolderLock.HolderPid(options.DataDir)?.ToString() ?? "unknown"}) is serving the data folder '{options.DataDir}'; stop it, or give this one its own --data-dir.");
        return await StartEmbeddedAsync(options, folderLock, loggers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// For CLI commands (<c>migrate</c>, <c>status</c>): the running hub's database when one serves
    /// this data folder, otherwise the embedded cluster started just for the command.
    /// </summary>
    public static async Task<ProvisionedDatabase> ForCommandAsync(AgentHubOptions options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (options.Database.IsExternal) return new ProvisionedDatabase(options.Database.ExternalEndpoint(), null, null);

        var folderLock = DataFolderLock.TryAcquire(options.DataDir);
        if (folderLock is not null) return await StartEmbeddedAsync(options, folderLock, loggers, cancellationToken).ConfigureAwait(false);

        var running = HubRuntimeInfo.Read(options.DataDir)
            ?? throw new EmbeddedClusterException($"A hub is starting on '{options.DataDir}'; try again in a moment.");
        var password = (await File.ReadAllTextAsync(Path.Combine(options.DataDir, "db-password"), cancellationToken).ConfigureAwait(false)).Trim();
        return new ProvisionedDatabase(new DatabaseEndpoint(running.DatabaseHost, running.DatabasePort, "postgres", EmbeddedCluster.Superuser, password), null, null)
        {
            IsEmbedded = true,
        };
    }

    private static async Task<ProvisionedDatabase> StartEmbeddedAsync(AgentHubOptions options, DataFolderLock folderLock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var cluster = new EmbeddedCluster(new EmbeddedClusterOptions
        {
            DataDirectory = options.DataDir,
            Port = options.Database.EmbeddedPort,
            BinDirectory = options.Database.PgBin,
            OsUser = options.Database.OsUser,
            DurableWrites = options.Database.DurableWrites,
        }, loggers.CreateLogger("AgentHub.Postgres.Embedded"));
        try
        {
            await cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            folderLock.Dispose();
            throw;
        }
        return new ProvisionedDatabase(cluster.Endpoint, cluster, folderLock) { IsEmbedded = true };
    }
}
