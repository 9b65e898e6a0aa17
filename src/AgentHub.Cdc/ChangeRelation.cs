using System.Collections.Frozen;

namespace AgentHub.Cdc;

/// <summary>
/// A captured table as it was when its rows were decoded: name, columns and identity. A schema
/// change produces a new instance, so an event always describes its own row.
/// </summary>
public sealed class ChangeRelation
{
    private readonly FrozenDictionary<string, int> _indexByName;

    /// <summary>Describes a table.</summary>
    /// <param name="oid">The table's OID.</param>
    /// <param name="schema">Its schema.</param>
    /// <param name="table">Its name.</param>
    /// <param name="columns">Its published columns, in column order.</param>
    /// <param name="replicaIdentity">Its replica identity setting.</param>
    public ChangeRelation(uint oid, string schema, string table, IReadOnlyList<ChangeColumn> columns, ReplicaIdentity replicaIdentity = ReplicaIdentity.Default)
    {
        Oid = oid;
        Schema = schema;
        Table = table;
        Columns = columns.ToArray();
        ReplicaIdentity = replicaIdentity;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Columns.Count; i++) index.TryAdd(Columns[i].Name, i);
        _indexByName = index.ToFrozenDictionary(StringComparer.Ordinal);
        HasPrimaryKey = Columns.Any(c => c.IsPrimaryKey);
    }

    /// <summary>The table's OID.</summary>
    public uint Oid { get; }

    /// <summary>The schema name.</summary>
    public string Schema { get; }

    /// <summary>The table name.</summary>
    public string Table { get; }

    /// <summary>The published columns in column order; row values line up with this list.</summary>
    public IReadOnlyList<ChangeColumn> Columns { get; }

    /// <summary>The table's replica identity.</summary>
    public ReplicaIdentity ReplicaIdentity { get; }

    /// <summary>False for a table without a primary key: its INSERT and UPDATE events become the <c>Error 400</c> payload and cannot be checked against row-level security.</summary>
    public bool HasPrimaryKey { get; }

    /// <summary>The position of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out var i) ? i : -1;

    /// <inheritdoc />
    public override string ToString() => $"{Schema}.{Table}";
}
