using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AgentHub.Cdc;

/// <summary>
/// Streams committed row changes of the <see cref="ReplicationOptions.PublicationName"/> publication
/// from PostgreSQL (pgoutput through Npgsql's logical replication) to an <see cref="IChangeConsumer"/>,
/// in commit order, confirming each transaction to the server only after the consumer returned.
/// </summary>
/// <remarks>
/// <para><b>Lifecycle</b> (<see cref="ReplicationState"/>):</para>
/// <code>
///  Stopped ──start──▶ Starting ──lock held elsewhere──▶ Standby ──lock free (tried every StandbyPollInterval)──▶ Starting
///                        │
///                        ├─ lock taken; wal_level, publication, slot checked; slot created if missing
///                        ▼
///                    Streaming ──any failure──▶ Recovering ──backoff──▶ Starting
///                        │
///                        └─ host stops ──▶ Stopped (the lock and the replication connection are released)
/// </code>
/// <para><b>Leadership.</b> One node per database and slot consumes the stream: the one holding the
/// session advisory lock derived from the slot name, on a dedicated unpooled connection. Others stand
/// by and retry; when the leader dies its connection closes, the lock goes, and a standby takes over
/// within <see cref="ReplicationOptions.StandbyPollInterval"/>. PostgreSQL itself also refuses a second
/// reader of an active slot, so a split brain can only delay, never duplicate.</para>
/// <para><b>Cadence.</b> Messages are read as they arrive. The reader decodes into a queue of at
/// most <see cref="ReplicationOptions.MaxPendingBatches"/> batches; the dispatcher merges what is
/// queued (up to <see cref="ReplicationOptions.MaxBatchSize"/> events) into one consumer call, then
/// confirms the last complete transaction's end LSN immediately. Every
/// <see cref="ReplicationOptions.StatusInterval"/> the monitor measures slot lag on the leadership
/// connection (which also proves that connection, and so the lock, alive) and, when nothing is in
/// flight, confirms the server's last reported position so an idle slot does not pin WAL. Npgsql sends
/// its own standby status every 10 s and answers keepalives.</para>
/// <para><b>Failure.</b> A lost connection, a database restart, a failed catalog lookup, a setup
/// problem (<see cref="ReplicationSetupException"/>) or an exception from the consumer ends the session.
/// Nothing unconfirmed is lost: the permanent slot keeps it on the server.</para>
/// <para><b>Recovery.</b> After MinRetryDelay × 2^(failures−1) (capped at MaxRetryDelay, ±20 %
/// jitter) the worker reconnects and restarts from the position this process last confirmed (or the
/// slot's, after a hub restart), skipping any transaction already consumed, so a transaction is
/// consumed again only if its consumption had not finished. The failure count resets once streaming
/// resumes.</para>
/// <para>Relation and type metadata (<see cref="RelationCache"/>) and the confirmed position survive
/// reconnects; pgoutput re-describes every relation in a new session.</para>
/// </remarks>
public sealed class ReplicationWorker : BackgroundService
{
    private readonly ReplicationOptions _options;
    private readonly IChangeConsumer _consumer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly StatusTracker _status;

    /// <summary>Creates the worker; it connects when the host starts it.</summary>
    public ReplicationWorker(ReplicationOptions options, IChangeConsumer consumer, ILogger<ReplicationWorker>? logger = null, TimeProvider? timeProvider = null)
    {
        options.Validate();
        _options = options;
        _consumer = consumer;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _status = new StatusTracker(options, _time);
    }

    /// <summary>The current state, slot lag and last error, for <c>/health</c>.</summary>
    public ReplicationStatus Status => _status.Snapshot();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting: the first connection can take a while.
        await Task.Yield();
        var catalogString = new NpgsqlConnectionStringBuilder(_options.ConnectionString) { ApplicationName = "agenthub-cdc-catalog", MaxPoolSize = 4 }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(catalogString);
        var relations = new RelationCache(new RelationCatalog(dataSource), _logger);

        while (!stoppingToken.IsCancellationRequested)
        {
            // A standby keeps its state while it polls for the lock; the session enters Starting once it holds it.
            if (_status.State != ReplicationState.Standby) _status.Enter(ReplicationState.Starting);
            var session = new ReplicationSession(_options, _consumer, relations, _status, _logger);
            try
            {
                if (await session.RunAsync(stoppingToken).ConfigureAwait(false)) continue;
                if (_status.Enter(ReplicationState.Standby)) LogMessages.Standby(_logger, _options.SlotName);
                await Task.Delay(_options.StandbyPollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // After a database restart every pooled catalog connection is dead; do not trip over them one by one.
                dataSource.Clear();
                var failures = _status.Failed(e);
                _status.Enter(ReplicationState.Recovering);
                var delay = Backoff(failures);
                LogMessages.SessionFailed(_logger, e, failures, delay);
                try
                {
                    await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        _status.SetLeader(false);
        _status.Enter(ReplicationState.Stopped);
        LogMessages.Stopped(_logger, _status.AckedLsn.ToString());
    }

    private TimeSpan Backoff(int failures)
    {
        var exponential = _options.MinRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        // Jitter keeps several hub nodes from reconnecting in lockstep after a database restart.
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }
}
