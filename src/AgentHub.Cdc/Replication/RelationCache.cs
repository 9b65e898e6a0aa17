using Microsoft.Extensions.Logging;
using Npgsql.Replication.PgOutput.Messages;

namespace AgentHub.Cdc;

/// <summary>
/// Relation OID → <see cref="ChangeRelation"/>, fed by pgoutput's Relation messages (sent before a
/// table's first change in every session and again after each schema change) and completed from the
/// catalog (primary key, the database's own types). Lives as long as the worker, across reconnects;
/// an unchanged description keeps its instance so per-relation caches (filter bindings) stay warm.
/// Used only by the decoding loop, so it needs no locking.
/// </summary>
internal sealed class RelationCache(RelationCatalog catalog, ILogger logger)
{
    private readonly Dictionary<uint, ChangeRelation> _relations = [];

    public async ValueTask<ChangeRelation> UpdateAsync(RelationMessage message, CancellationToken cancellationToken)
    {
        // Copy first: Npgsql reuses the message object and its column list.
        var snapshot = new RelationSnapshot(
            message.RelationId,
            message.Namespace,
            message.RelationName,
            message.ReplicaIdentity switch
            {
                RelationMessage.ReplicaIdentitySetting.AllColumns => ReplicaIdentity.Full,
                RelationMessage.ReplicaIdentitySetting.Nothing => ReplicaIdentity.Nothing,
                RelationMessage.ReplicaIdentitySetting.IndexWithIndIsReplIdent => ReplicaIdentity.Index,
                _ => ReplicaIdentity.Default,
            },
            message.Columns.Select(c => new RelationSnapshotColumn(c.ColumnName, c.DataTypeId, (c.Flags & RelationMessage.Column.ColumnFlags.PartOfKey) != 0)).ToList());
        var described = await catalog.DescribeAsync(snapshot, cancellationToken).ConfigureAwait(false);
        if (_relations.TryGetValue(snapshot.Oid, out var existing) && SameShape(existing, described)) return existing;
        _relations[snapshot.Oid] = described;
        LogMessages.RelationDescribed(logger, described.Schema, described.Table, described.Oid, described.Columns.Count);
        return described;
    }

    public ChangeRelation Get(uint oid) => _relations.TryGetValue(oid, out var relation)
        ? relation
        : throw new InvalidOperationException($"pgoutput sent a row of relation {oid} before describing it.");

    private static bool SameShape(ChangeRelation a, ChangeRelation b) =>
        a.Schema == b.Schema && a.Table == b.Table && a.ReplicaIdentity == b.ReplicaIdentity
        && a.Columns.Count == b.Columns.Count
        && a.Columns.Zip(b.Columns).All(p => p.First.Name == p.Second.Name && p.First.Type.Oid == p.Second.Type.Oid
            && p.First.IsPrimaryKey == p.Second.IsPrimaryKey && p.First.IsReplicaIdentity == p.Second.IsReplicaIdentity);
}
