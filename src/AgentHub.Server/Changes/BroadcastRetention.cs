using AgentHub.Server.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentHub.Server.Changes;

/// <summary>
/// Keeps <c>realtime.messages</c> from growing without end: every <see cref="Interval"/> it deletes
/// database broadcasts older than the retention (<c>AgentHub:Realtime:BroadcastRetention</c>; 72 h by
/// default, Supabase's retention for replayable messages), a few thousand rows per statement so no
/// delete holds locks for long. Only where the hub created the table (a plain table): a Supabase
/// project's partitioned one is kept by Supabase, which drops whole partitions. A failed purge is
/// logged and tried again at the next tick; several hub nodes purging at once only repeat work.
/// </summary>
internal sealed partial class BroadcastRetention(NpgsqlDataSource admin, TimeSpan retention, ILogger<BroadcastRetention> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    private const int RowsPerStatement = 5000;

    private const string PurgeSql = """
        with old as (
          select id, inserted_at from realtime.messages
           where inserted_at < localtimestamp - $1 and extension = 'broadcast'
           limit $2)
        delete from realtime.messages m using old where m.id = old.id and m.inserted_at = old.inserted_at
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                if (await IsOwnTableAsync(stoppingToken).ConfigureAwait(false))
                {
                    var purged = await PurgeAsync(stoppingToken).ConfigureAwait(false);
                    if (purged > 0) LogPurged(purged, retention.TotalHours);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogFailed(e.Message);
            }
        }
        while (await PeriodicTicks.NextAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Deletes what is past the retention; returns how many rows went.</summary>
    internal async Task<long> PurgeAsync(CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            await using var command = admin.CreateCommand(PurgeSql);
            command.Parameters.Add(new NpgsqlParameter { Value = retention });
            command.Parameters.Add(new NpgsqlParameter { Value = RowsPerStatement });
            var deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            total += deleted;
            if (deleted < RowsPerStatement) return total;
        }
    }

    private async Task<bool> IsOwnTableAsync(CancellationToken cancellationToken)
    {
        await using var command = admin.CreateCommand("select relkind = 'r' from pg_class where oid = to_regclass('realtime.messages')");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }


    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "Purged {Count} database broadcast(s) older than {Hours} h from realtime.messages")]
    private partial void LogPurged(long count, double hours);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Purging old database broadcasts failed, retrying at the next tick: {Error}")]
    private partial void LogFailed(string error);
}
