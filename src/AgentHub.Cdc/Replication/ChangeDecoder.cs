using System.Buffers;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using NpgsqlTypes;

namespace AgentHub.Cdc;

/// <summary>
/// Turns pgoutput messages into <see cref="ChangeEvent"/>s, copying every value out of Npgsql's
/// reused buffers before the next message is read, and groups them by transaction: a batch is
/// emitted at each COMMIT (carrying the LSN to confirm), or earlier as a slice when a transaction
/// grows past the batch size, so a huge transaction never sits in memory whole.
/// </summary>
/// <remarks>
/// Old values follow the table's replica identity (spec 6.5): the key columns by default (taken from
/// the new row when the key did not change, since pgoutput then sends no old tuple), all columns with
/// FULL. An unchanged TOAST value in the new row is taken from the old row when it has it, otherwise
/// left absent.
/// </remarks>
internal sealed class ChangeDecoder(RelationCache relations, int maxBatchSize, ILogger logger)
{
    private List<ChangeEvent> _events = [];
    private bool _skipping;
    private uint _xid;
    private DateTimeOffset _commitTimestamp;
    private NpgsqlLogSequenceNumber _commitLsn;
    private int _inTransaction;
    private long _beginCount;

    /// <summary>True between BEGIN and the moment the transaction's last batch was handed over.</summary>
    public bool InTransaction => Volatile.Read(ref _inTransaction) != 0;

    /// <summary>How many BEGINs were seen: lets the monitor detect a transaction that started while it looked.</summary>
    public long BeginCount => Interlocked.Read(ref _beginCount);

    /// <summary>Transactions committed at or before this LSN were consumed already (set on reconnect).</summary>
    public NpgsqlLogSequenceNumber SkipThrough { get; set; }

    /// <summary>Handles one message; returns a batch to hand over, or null.</summary>
    public async ValueTask<DecodedBatch?> HandleAsync(PgOutputReplicationMessage message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case BeginMessage begin:
                Interlocked.Increment(ref _beginCount);
                Volatile.Write(ref _inTransaction, 1);
                _xid = begin.TransactionXid;
                _commitTimestamp = new DateTimeOffset(DateTime.SpecifyKind(begin.TransactionCommitTimestamp, DateTimeKind.Utc));
                _commitLsn = begin.TransactionFinalLsn;
                // The commit record of a consumed transaction ends at or before the confirmed LSN, so its start is below it.
                _skipping = SkipThrough != default && _commitLsn < SkipThrough;
                if (_skipping) LogMessages.SkippedTransaction(logger, _xid, _commitLsn.ToString());
                _events = [];
                return null;
            case RelationMessage relation:
                await relations.UpdateAsync(relation, cancellationToken).ConfigureAwait(false);
                return null;
            case InsertMessage or UpdateMessage or DeleteMessage when _skipping:
                // Npgsql skips the unread tuple bytes itself.
                return null;
            case InsertMessage insert:
                return await AddAsync(await DecodeInsertAsync(insert, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            case UpdateMessage update:
                return await AddAsync(await DecodeUpdateAsync(update, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            case DeleteMessage delete:
                return await AddAsync(await DecodeDeleteAsync(delete, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            case CommitMessage commit:
                var events = _events;
                _events = [];
                return _skipping ? null : new DecodedBatch(events, commit.TransactionEndLsn, _commitTimestamp);
            default:
                // Type (resolved from the catalog instead), Origin, Truncate (not delivered, spec 6.2), Message.
                return null;
        }
    }

    /// <summary>Called after the batch returned for a COMMIT has been handed over.</summary>
    public void TransactionHandedOver() => Volatile.Write(ref _inTransaction, 0);

    private ValueTask<DecodedBatch?> AddAsync(ChangeEvent? change)
    {
        if (change is null || _skipping) return ValueTask.FromResult<DecodedBatch?>(null);
        _events.Add(change);
        if (_events.Count < maxBatchSize) return ValueTask.FromResult<DecodedBatch?>(null);
        var slice = _events;
        _events = [];
        return ValueTask.FromResult<DecodedBatch?>(new DecodedBatch(slice, null, null));
    }

    private async ValueTask<ChangeEvent?> DecodeInsertAsync(InsertMessage insert, CancellationToken cancellationToken)
    {
        var relation = relations.Get(insert.Relation.RelationId);
        var row = await ReadTupleAsync(insert.NewRow, relation, cancellationToken).ConfigureAwait(false);
        if (_skipping) return null;
        return new ChangeEvent(relation, ChangeKind.Insert, _commitTimestamp, _commitLsn, _xid,
            ChangeRow.Wrap(relation, row.Values), null, row.Bytes > CdcLimits.MaxRecordBytes);
    }

    private async ValueTask<ChangeEvent?> DecodeUpdateAsync(UpdateMessage update, CancellationToken cancellationToken)
    {
        var relation = relations.Get(update.Relation.RelationId);
        // The old tuple precedes the new one on the wire and must be read first.
        TupleValues? old = update switch
        {
            FullUpdateMessage full => await ReadTupleAsync(full.OldRow, relation, cancellationToken).ConfigureAwait(false),
            IndexUpdateMessage index => KeysOnly(await ReadTupleAsync(index.Key, relation, cancellationToken).ConfigureAwait(false), relation),
            _ => null,
        };
        var fresh = await ReadTupleAsync(update.NewRow, relation, cancellationToken).ConfigureAwait(false);
        if (_skipping) return null;

        foreach (var i in fresh.UnchangedToast)
        {
            fresh.Values[i] = old is not null && old.Values[i].IsPresent ? old.Values[i] : ChangeValue.Absent;
        }
        // No old tuple: the identity did not change, so its values are the new row's.
        old ??= KeysOnly(new TupleValues((ChangeValue[])fresh.Values.Clone(), [], 0), relation);
        return new ChangeEvent(relation, ChangeKind.Update, _commitTimestamp, _commitLsn, _xid,
            ChangeRow.Wrap(relation, fresh.Values), ChangeRow.Wrap(relation, old.Values),
            fresh.Bytes + old.Bytes > CdcLimits.MaxRecordBytes);
    }

    private async ValueTask<ChangeEvent?> DecodeDeleteAsync(DeleteMessage delete, CancellationToken cancellationToken)
    {
        var relation = relations.Get(delete.Relation.RelationId);
        var old = delete switch
        {
            FullDeleteMessage full => await ReadTupleAsync(full.OldRow, relation, cancellationToken).ConfigureAwait(false),
            KeyDeleteMessage key => KeysOnly(await ReadTupleAsync(key.Key, relation, cancellationToken).ConfigureAwait(false), relation),
            _ => throw new NotSupportedException($"Unexpected delete message {delete.GetType().Name}."),
        };
        if (_skipping) return null;
        return new ChangeEvent(relation, ChangeKind.Delete, _commitTimestamp, _commitLsn, _xid,
            null, ChangeRow.Wrap(relation, old.Values), old.Bytes > CdcLimits.MaxRecordBytes);
    }

    /// <summary>A key tuple carries NULLs for the non-key columns: those are absent, not NULL.</summary>
    private static TupleValues KeysOnly(TupleValues tuple, ChangeRelation relation)
    {
        for (var i = 0; i < tuple.Values.Length; i++)
        {
            if (!relation.Columns[i].IsReplicaIdentity) tuple.Values[i] = ChangeValue.Absent;
        }
        return tuple;
    }

    private static async ValueTask<TupleValues> ReadTupleAsync(ReplicationTuple tuple, ChangeRelation relation, CancellationToken cancellationToken)
    {
        var values = new ChangeValue[relation.Columns.Count];
        List<int>? toast = null;
        long bytes = 0;
        var i = 0;
        await foreach (var value in tuple.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (i >= values.Length) throw new InvalidOperationException($"pgoutput sent more values than {relation} has columns.");
            switch (value.Kind)
            {
                case TupleDataKind.Null:
                    values[i] = ChangeValue.Null;
                    break;
                case TupleDataKind.UnchangedToastedValue:
                    (toast ??= []).Add(i);
                    break;
                default:
                    bytes += value.Length;
                    values[i] = ChangeValue.Of(await ReadTextAsync(value, cancellationToken).ConfigureAwait(false));
                    break;
            }
            i++;
        }
        if (i != values.Length) throw new InvalidOperationException($"pgoutput sent {i} values for {relation}, which has {values.Length} columns.");
        return new TupleValues(values, toast ?? [], bytes);
    }

    /// <summary>The raw text bytes, whatever the type: no Npgsql type handler is involved, so the database's own types need no registration.</summary>
    private static async ValueTask<string> ReadTextAsync(ReplicationValue value, CancellationToken cancellationToken)
    {
        var length = value.Length;
        if (length == 0)
        {
            value.GetStream().Dispose();
            return "";
        }
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await using (var stream = value.GetStream())
            {
                await stream.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed record TupleValues(ChangeValue[] Values, List<int> UnchangedToast, long Bytes);
}
