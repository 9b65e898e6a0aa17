using System.Diagnostics;
using AgentHub.Core;
using AgentHub.Postgres.Migrations;
using Npgsql;

using AgentHub.Server.Hosting;

namespace AgentHub.Server.Health;

/// <summary>
/// Builds the health report from live queries: one round trip for reachability and version, one for
/// migration history and one for the table map. Every query has a short timeout so a hung database
/// yields a 503 quickly instead of a hung health check.
/// </summary>
internal sealed class HealthReporter(NpgsqlDataSource dataSource, HubRuntime runtime, TimeProvider time,
    AgentHub.Realtime.RealtimeMetrics? realtime = null, AgentHub.Cdc.ReplicationWorker? replication = null)
{
    /// <summary>Schemas whose tables /health lists: the user's public schema and the agent kit's.</summary>
    public static readonly string[] ReportedSchemas = ["public", "agenthub"];

    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthReport> ReportAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var uptime = Math.Round((now - runtime.StartedAt).TotalSeconds, 3);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(QueryTimeout);
        var mode = runtime.EmbeddedDatabase ? "embedded" : "external";
        try
        {
            var watch = Stopwatch.StartNew();
            await using var connection = await dataSource.OpenConnectionAsync(timeout.Token).ConfigureAwait(false);
            await using var version = new NpgsqlCommand("select current_setting('server_version')", connection);
            var serverVersion = (string)(await version.ExecuteScalarAsync(timeout.Token).ConfigureAwait(false))!;
            var elapsed = Math.Round(watch.Elapsed.TotalMilliseconds, 2);

            var migrations = await MigrationsAsync(connection, timeout.Token).ConfigureAwait(false);
            var tables = await TablesAsync(connection, timeout.Token).ConfigureAwait(false);
            return new HealthReport("healthy", HubVersion.Current, runtime.StartedAt, uptime,
                new DatabaseHealth(true, mode, elapsed, serverVersion, null), migrations, tables, Realtime(), Replication());
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            var reason = e is OperationCanceledException ? $"no answer within {QueryTimeout.TotalSeconds} s" : e.Message;
            return new HealthReport("unhealthy", HubVersion.Current, runtime.StartedAt, uptime,
                new DatabaseHealth(false, mode, null, null, reason), null, null, Realtime(), Replication());
        }
    }

    private RealtimeHealth? Realtime()
    {
        if (realtime is null) return null;
        var s = realtime.Snapshot();
        return new RealtimeHealth(s.Connections, s.Channels, s.PostgresChangesSubscriptions, s.SlowConsumerDisconnects, s.MalformedFrames);
    }

    private ReplicationHealth? Replication()
    {
        if (replication is null) return null;
        var s = replication.Status;
        return new ReplicationHealth(s.State.ToString().ToLowerInvariant(), s.IsLeader, s.LagBytes, s.LastCommitTimestamp, s.LastError);
    }

    private async Task<MigrationHealth> MigrationsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var tracks = new[] { MigrationTrack.Platform(), MigrationTrack.UserFolder(runtime.UserMigrationsDirectory) };
        var states = new List<MigrationState>();
        foreach (var track in tracks)
        {
            var applied = await track.History.LoadAsync(connection, cancellationToken).ConfigureAwait(false);
            states.AddRange(MigrationRunner.Compare(track, applied));
        }
        return new MigrationHealth(
            states.Count(s => s.State is MigrationStateKind.Applied or MigrationStateKind.FileMissing),
            states.Count(s => s.State == MigrationStateKind.Pending),
            states.Count(s => s.State == MigrationStateKind.Modified),
            states.Where(s => s.State == MigrationStateKind.Pending).GroupBy(s => s.Track).ToDictionary(g => g.Key, g => g.Count()));
    }

    private static async Task<IReadOnlyDictionary<string, TableAccess>> TablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            select n.nspname || '.' || c.relname,
                   c.relrowsecurity,
                   exists (select 1 from pg_roles where rolname = 'anon') and has_table_privilege('anon', c.oid, 'select'),
                   exists (select 1 from pg_roles where rolname = 'authenticated') and has_table_privilege('authenticated', c.oid, 'select'),
                   exists (select 1 from pg_roles where rolname = 'service_role') and has_table_privilege('service_role', c.oid, 'select'),
                   exists (select 1 from pg_publication_tables p where p.pubname = 'supabase_realtime' and p.schemaname = n.nspname and p.tablename = c.relname)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm')
            order by 1
            """;
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = ReportedSchemas } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var tables = new SortedDictionary<string, TableAccess>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            tables[reader.GetString(0)] = new TableAccess(reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5));
        }
        return tables;
    }
}
