using NpgsqlTypes;

namespace AgentHub.Cdc;

/// <summary>
/// One committed row change, copied out of the replication stream: immutable, safe to keep and to
/// share between threads (Npgsql reuses its own message objects, so nothing here points into them).
/// </summary>
/// <remarks>
/// Events arrive in commit order; all events of one transaction share <see cref="CommitLsn"/> and
/// <see cref="CommitTimestamp"/>. See docs/realtime-protocol.md §6.2 and §6.5 for the payload fields.
/// </remarks>
public sealed class ChangeEvent
{
    /// <summary>Creates an event (the replication worker does; hosts and tests may too).</summary>
    /// <param name="relation">The table.</param>
    /// <param name="kind">INSERT, UPDATE or DELETE.</param>
    /// <param name="commitTimestamp">When the transaction committed.</param>
    /// <param name="commitLsn">The LSN of the transaction's commit record.</param>
    /// <param name="transactionId">The transaction's xid.</param>
    /// <param name="record">The new row (INSERT, UPDATE); null for DELETE.</param>
    /// <param name="oldRecord">The replica-identity old values (UPDATE, DELETE); null for INSERT.</param>
    /// <param name="isOversized">True when the record exceeded <see cref="CdcLimits.MaxRecordBytes"/>.</param>
    public ChangeEvent(ChangeRelation relation, ChangeKind kind, DateTimeOffset commitTimestamp, NpgsqlLogSequenceNumber commitLsn, uint transactionId,
        ChangeRow? record, ChangeRow? oldRecord, bool isOversized = false)
    {
        if ((kind == ChangeKind.Delete) != (record is null)) throw new ArgumentException("INSERT and UPDATE carry a record; DELETE does not.", nameof(record));
        if ((kind == ChangeKind.Insert) != (oldRecord is null)) throw new ArgumentException("UPDATE and DELETE carry an old record; INSERT does not.", nameof(oldRecord));
        if (record is not null && record.Relation != relation) throw new ArgumentException("The record belongs to another relation.", nameof(record));
        if (oldRecord is not null && oldRecord.Relation != relation) throw new ArgumentException("The old record belongs to another relation.", nameof(oldRecord));
        Relation = relation;
        Kind = kind;
        CommitTimestamp = commitTimestamp;
        CommitLsn = commitLsn;
        TransactionId = transactionId;
        Record = record;
        OldRecord = oldRecord;
        IsOversized = isOversized;
    }

    /// <summary>The table, with its columns and types.</summary>
    public ChangeRelation Relation { get; }

    /// <summary>The schema name.</summary>
    public string Schema => Relation.Schema;

    /// <summary>The table name.</summary>
    public string Table => Relation.Table;

    /// <summary>INSERT, UPDATE or DELETE.</summary>
    public ChangeKind Kind { get; }

    /// <summary>When the transaction committed (UTC).</summary>
    public DateTimeOffset CommitTimestamp { get; }

    /// <summary>The LSN of the transaction's commit record: equal for all events of one transaction, increasing in commit order.</summary>
    public NpgsqlLogSequenceNumber CommitLsn { get; }

    /// <summary>The transaction's xid.</summary>
    public uint TransactionId { get; }

    /// <summary>The new row for INSERT and UPDATE (unchanged TOAST values filled from the old row when it has them, else absent); null for DELETE.</summary>
    public ChangeRow? Record { get; }

    /// <summary>The replica-identity values for UPDATE and DELETE (key columns, or all with <c>REPLICA IDENTITY FULL</c>); null for INSERT.</summary>
    public ChangeRow? OldRecord { get; }

    /// <summary>
    /// True when the row's values exceeded <see cref="CdcLimits.MaxRecordBytes"/>: the payload then
    /// carries only values up to <see cref="CdcLimits.OversizedValueMaxBytes"/> and the
    /// <c>Error 413: Payload Too Large</c> error (spec 6.7).
    /// </summary>
    public bool IsOversized { get; }

    /// <summary>The row filters and authorization look at: the new row, or the old values for DELETE (spec 6.4).</summary>
    public ChangeRow FilterRow => Record ?? OldRecord!;

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Relation} at {CommitLsn}";
}
