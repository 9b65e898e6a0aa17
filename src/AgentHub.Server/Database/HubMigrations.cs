using AgentHub.Postgres;
using AgentHub.Postgres.Migrations;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentHub.Server.Database;

/// <summary>The hub's migration steps: its own platform track, then the user's folder.</summary>
internal static class HubMigrations
{
    /// <summary>Applies the platform track (and, when asked, the user's), returning what was applied now.</summary>
    public static async Task<IReadOnlyList<MigrationFile>> ApplyAsync(DatabaseEndpoint admin, string userMigrationsDirectory, bool includeUser, ILogger logger, CancellationToken cancellationToken)
    {
        var runner = new MigrationRunner(admin.ConnectionString("agenthub-migrate"), logger);
        var applied = new List<MigrationFile>(await runner.ApplyAsync(MigrationTrack.Platform(), cancellationToken).ConfigureAwait(false));
        if (includeUser)
        {
            applied.AddRange(await runner.ApplyAsync(MigrationTrack.UserFolder(userMigrationsDirectory), cancellationToken).ConfigureAwait(false));
        }
        return applied;
    }

    /// <summary>Status rows of both tracks.</summary>
    public static async Task<IReadOnlyList<MigrationState>> StatusAsync(DatabaseEndpoint admin, string userMigrationsDirectory, CancellationToken cancellationToken)
    {
        var runner = new MigrationRunner(admin.ConnectionString("agenthub-migrate"));
        var platform = await runner.StatusAsync(MigrationTrack.Platform(), cancellationToken).ConfigureAwait(false);
        var user = await runner.StatusAsync(MigrationTrack.UserFolder(userMigrationsDirectory), cancellationToken).ConfigureAwait(false);
        return [.. platform, .. user];
    }

    /// <summary>
    /// Gives the embedded cluster's <c>authenticator</c> login role the cluster password, so psql (and
    /// the data API) can log in as it. The value travels as a parameter into a session setting and
    /// is quoted by format(%L) inside the server, never spliced into SQL text here.
    /// </summary>
    public static async Task SetAuthenticatorPasswordAsync(DatabaseEndpoint admin, CancellationToken cancellationToken)
    {
        // Unpooled: a pooled connection could belong to an earlier run of the same cluster.
        var connectionString = new NpgsqlConnectionStringBuilder(admin.ConnectionString("agenthub-migrate")) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("select set_config('agenthub.authenticator_password', $1, false)") { Parameters = { new() { Value = admin.Password ?? "" } } },
                new("do $$ begin execute format('alter role authenticator password %L', current_setting('agenthub.authenticator_password')); end $$"),
                new("select set_config('agenthub.authenticator_password', '', false)"),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
