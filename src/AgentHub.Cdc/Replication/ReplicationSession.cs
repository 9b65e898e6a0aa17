using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace AgentHub.Cdc;

/// <summary>
/// One connected run of the worker: take the leadership lock, check the database, make sure the
/// slot exists, then stream until something fails or the host stops. Three loops run side by side:
/// the reader decodes pgoutput into batches (bounded queue, so a slow consumer pauses reading rather
/// than filling memory), the dispatcher hands batches to the consumer and confirms LSNs, and the
/// monitor measures lag, checks the leadership connection and advances an idle slot.
/// </summary>
internal sealed class ReplicationSession(ReplicationOptions options, IChangeConsumer consumer, RelationCache relations, StatusTracker status, ILogger logger)
{
    // The replication session prints values exactly as the JSON mapping expects them, whatever the
    // server's defaults: ISO dates in UTC, shortest exact floats, hex bytea.
    private const string ReplicationSettings = "-c TimeZone=UTC -c DateStyle=ISO,MDY -c IntervalStyle=postgres -c extra_float_digits=1 -c bytea_output=hex";

    private static readonly TimeSpan ActivePollInterval = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _ackLock = new(1, 1);
    private readonly DeliveredPositionStore _positions = new(options.SlotName, logger);

    /// <summary>How often the delivered position is saved (and the monitor loop ticks).</summary>
    private static readonly TimeSpan PositionSaveInterval = TimeSpan.FromSeconds(1);
    private int _pendingBatches;

    /// <summary>The advisory-lock key for a slot: one leader per slot per database.</summary>
    internal static long LockKey(string slotName) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("agenthub.cdc/" + slotName)));

    /// <summary>Runs the session; false when another node is the leader. Returns no other way than by exception.</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        // Session advisory locks live as long as the connection, so it must not come from a pool.
        var controlString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = false, ApplicationName = "agenthub-cdc-leader" }.ConnectionString;
        await using var control = new NpgsqlConnection(controlString);
        await control.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (!await ScalarAsync<bool>(control, "select pg_try_advisory_lock($1)", cancellationToken, LockKey(options.SlotName)).ConfigureAwait(false))
        {
            status.SetLag(await LagAsync(control, cancellationToken).ConfigureAwait(false));
            return false;
        }

        status.SetLeader(true);
        status.Enter(ReplicationState.Starting);
        try
        {
            var slotExists = await CheckDatabaseAsync(control, cancellationToken).ConfigureAwait(false);
            var saved = await _positions.LoadAsync(control, cancellationToken).ConfigureAwait(false);
            if (!slotExists) await _positions.ForgetAsync(control, cancellationToken).ConfigureAwait(false);
            else if (saved is { } position) status.Acknowledged(position, null);
            var replicationString = new NpgsqlConnectionStringBuilder(options.ConnectionString) { ApplicationName = "agenthub-cdc" };
            replicationString.Options = string.IsNullOrWhiteSpace(replicationString.Options) ? ReplicationSettings : replicationString.Options + " " + ReplicationSettings;
            await using var replication = new LogicalReplicationConnection(replicationString.ConnectionString);
            await replication.Open(cancellationToken).ConfigureAwait(false);
            if (!slotExists) await CreateSlotAsync(replication, cancellationToken).ConfigureAwait(false);
            try
            {
                await StreamAsync(control, replication, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await SaveLastPositionAsync(control).ConfigureAwait(false);
            }
            return true;
        }
        finally
        {
            status.SetLeader(false);
        }
    }

    /// <summary>Checks wal_level and the publication; returns whether the slot exists (and is ours to use).</summary>
    private async Task<bool> CheckDatabaseAsync(NpgsqlConnection control, CancellationToken cancellationToken)
    {
        var walLevel = await ScalarAsync<string>(control, "select current_setting('wal_level')", cancellationToken).ConfigureAwait(false);
        if (walLevel != "logical")
        {
            throw new ReplicationSetupException($"wal_level is '{walLevel}', but change capture needs 'logical' (set wal_level = logical and restart PostgreSQL).");
        }
        foreach (var publication in options.AllPublicationNames)
        {
            if (!await ScalarAsync<bool>(control, "select exists (select 1 from pg_publication where pubname = $1)", cancellationToken, publication).ConfigureAwait(false))
            {
                throw new ReplicationSetupException($"Publication '{publication}' does not exist (the platform migrations create supabase_realtime and agenthub_broadcast).");
            }
        }
        await using var command = new NpgsqlCommand("select plugin::text, database = current_database(), temporary from pg_replication_slots where slot_name = $1", control);
        command.Parameters.Add(new NpgsqlParameter { Value = options.SlotName });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return false;
        var plugin = reader.IsDBNull(0) ? "(physical)" : reader.GetString(0);
        if (plugin != "pgoutput" || reader.IsDBNull(1) || !reader.GetBoolean(1))
        {
            throw new ReplicationSetupException($"Replication slot '{options.SlotName}' exists but is not a pgoutput slot of this database (plugin {plugin}); drop it or choose another slot name.");
        }
        return true;
    }

    private async Task CreateSlotAsync(LogicalReplicationConnection replication, CancellationToken cancellationToken)
    {
        try
        {
            // Permanent: the server keeps every change not yet confirmed while the hub is down.
            var slot = await replication.CreatePgOutputReplicationSlot(options.SlotName, temporarySlot: false,
                slotSnapshotInitMode: LogicalSlotSnapshotInitMode.NoExport, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogMessages.SlotCreated(logger, options.SlotName, slot.ConsistentPoint.ToString());
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateObject)
        {
            // Created by someone else since we looked (only possible without the lock, e.g. by an operator).
        }
    }

    private async Task StreamAsync(NpgsqlConnection control, LogicalReplicationConnection replication, CancellationToken cancellationToken)
    {
        var acked = status.AckedLsn;
        var decoder = new ChangeDecoder(relations, options.MaxBatchSize, logger) { SkipThrough = acked };
        if (acked != default)
        {
            // What this process consumed before the reconnect counts even if the server never heard of it.
            replication.SetReplicationStatus(acked);
        }
        var queue = Channel.CreateBounded<DecodedBatch>(new BoundedChannelOptions(options.MaxPendingBatches) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var messages = replication.StartReplication(new PgOutputReplicationSlot(options.SlotName),
            new PgOutputReplicationOptions(options.AllPublicationNames, PgOutputProtocolVersion.V1, binary: false),
            stop.Token, acked == default ? null : acked);

        Task[] loops =
        [
            ReadAsync(messages, decoder, queue.Writer, stop.Token),
            DispatchAsync(replication, queue.Reader, stop.Token),
            MonitorAsync(control, replication, decoder, stop.Token),
        ];
        var first = await Task.WhenAny(loops).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch
        {
            // The first loop to end decides the outcome below.
        }
        cancellationToken.ThrowIfCancellationRequested();
        var failure = first.IsFaulted ? first.Exception!.InnerException! : loops.FirstOrDefault(l => l.IsFaulted)?.Exception!.InnerException;
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        throw new InvalidOperationException("The replication stream ended unexpectedly.");
    }

    private async Task ReadAsync(IAsyncEnumerable<PgOutputReplicationMessage> messages, ChangeDecoder decoder, ChannelWriter<DecodedBatch> queue, CancellationToken cancellationToken)
    {
        await foreach (var message in messages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var batch = await decoder.HandleAsync(message, cancellationToken).ConfigureAwait(false);
            if (batch is not null)
            {
                Interlocked.Increment(ref _pendingBatches);
                await queue.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            if (message is CommitMessage) decoder.TransactionHandedOver();
        }
        throw new InvalidOperationException("PostgreSQL ended the replication stream.");
    }

    private async Task DispatchAsync(LogicalReplicationConnection replication, ChannelReader<DecodedBatch> queue, CancellationToken cancellationToken)
    {
        while (await queue.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!queue.TryRead(out var batch)) continue;
            // Merge whatever else is already decoded: one consumer call (and one authorization round)
            // for many small transactions when the consumer is the slower side.
            var events = batch.Events;
            var ackLsn = batch.AckLsn;
            var commitTimestamp = batch.CommitTimestamp;
            var merged = 1;
            while (events.Count < options.MaxBatchSize && queue.TryPeek(out var next) && events.Count + next.Events.Count <= options.MaxBatchSize && queue.TryRead(out next))
            {
                events.AddRange(next.Events);
                merged++;
                if (next.AckLsn is not null)
                {
                    ackLsn = next.AckLsn;
                    commitTimestamp = next.CommitTimestamp;
                }
            }
            if (events.Count > 0) await consumer.ConsumeAsync(new ReadOnlyCollection<ChangeEvent>(events), cancellationToken).ConfigureAwait(false);
            if (ackLsn is { } lsn) await AcknowledgeAsync(replication, lsn, commitTimestamp, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _pendingBatches, -merged);
        }
    }

    private async Task AcknowledgeAsync(LogicalReplicationConnection replication, NpgsqlLogSequenceNumber lsn, DateTimeOffset? commitTimestamp, CancellationToken cancellationToken)
    {
        await _ackLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (lsn <= status.AckedLsn) return;
            // The consumer has returned: from here on this transaction must never be delivered again,
            // so the local position moves first and the server is told right away (not at the next
            // 10 s feedback tick), which keeps the redelivery window after a crash small.
            status.Acknowledged(lsn, commitTimestamp);
            replication.SetReplicationStatus(lsn);
            await replication.SendStatusUpdate(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _ackLock.Release();
        }
    }

    private async Task MonitorAsync(NpgsqlConnection control, LogicalReplicationConnection replication, ChangeDecoder decoder, CancellationToken cancellationToken)
    {
        // START_REPLICATION runs inside the reader's first read; the slot's active_pid says when it took.
        while (await ScalarAsync<int?>(control, "select active_pid from pg_replication_slots where slot_name = $1", cancellationToken, options.SlotName).ConfigureAwait(false) != replication.ProcessID)
        {
            await Task.Delay(ActivePollInterval, cancellationToken).ConfigureAwait(false);
        }
        status.Enter(ReplicationState.Streaming);
        LogMessages.Streaming(logger, options.SlotName, string.Join(", ", options.AllPublicationNames), status.AckedLsn.ToString());

        var nextStatus = DateTime.UtcNow;
        while (true)
        {
            if (DateTime.UtcNow >= nextStatus)
            {
                nextStatus = DateTime.UtcNow + options.StatusInterval;
                await AdvanceIdleSlotAsync(replication, decoder, cancellationToken).ConfigureAwait(false);
                // Also the liveness check of the leadership connection: if it is gone, so is the lock.
                status.SetLag(await LagAsync(control, cancellationToken).ConfigureAwait(false));
            }
            await _positions.SaveAsync(control, status.AckedLsn, cancellationToken).ConfigureAwait(false);
            await Task.Delay(PositionSaveInterval < options.StatusInterval ? PositionSaveInterval : options.StatusInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>When the session ends (the host stopping, above all): the position, so a restarted cluster does not replay it.</summary>
    private async Task SaveLastPositionAsync(NpgsqlConnection control)
    {
        if (control.State != System.Data.ConnectionState.Open) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _positions.SaveAsync(control, status.AckedLsn, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            // The connection is gone with the database: what was saved last is what the next session uses.
        }
    }

    /// <summary>
    /// With nothing in flight, confirms the server's last reported position (keepalives carry it),
    /// so writes to unpublished tables do not make the slot hold WAL forever. Safe only if no
    /// transaction began while we looked: a BEGIN is counted before Npgsql reads any later position.
    /// </summary>
    private async Task AdvanceIdleSlotAsync(LogicalReplicationConnection replication, ChangeDecoder decoder, CancellationToken cancellationToken)
    {
        var begins = decoder.BeginCount;
        if (decoder.InTransaction || Volatile.Read(ref _pendingBatches) != 0) return;
        var received = replication.LastReceivedLsn;
        if (decoder.BeginCount != begins || decoder.InTransaction || Volatile.Read(ref _pendingBatches) != 0) return;
        if (received > status.AckedLsn) await AcknowledgeAsync(replication, received, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<long?> LagAsync(NpgsqlConnection control, CancellationToken cancellationToken) =>
        await ScalarAsync<long?>(control,
            "select pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint from pg_replication_slots where slot_name = $1",
            cancellationToken, options.SlotName).ConfigureAwait(false);

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? default : (T)value;
    }
}
