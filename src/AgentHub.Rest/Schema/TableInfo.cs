namespace AgentHub.Rest.Schema;

/// <summary>A table, view, materialized view or foreign table of an exposed schema.</summary>
internal sealed class TableInfo
{
    private readonly Dictionary<string, ColumnInfo> _byName;

    public TableInfo(
        QualifiedName name,
        bool isView,
        IReadOnlyList<ColumnInfo> columns,
        IReadOnlyList<string>? primaryKey = null,
        IReadOnlyList<IReadOnlyList<string>>? uniqueKeys = null,
        bool insertable = true,
        bool updatable = true,
        bool deletable = true)
    {
        Name = name;
        IsView = isView;
        Columns = columns;
        PrimaryKey = primaryKey ?? [];
        UniqueKeys = uniqueKeys ?? [];
        Insertable = insertable;
        Updatable = updatable;
        Deletable = deletable;
        _byName = new Dictionary<string, ColumnInfo>(columns.Count, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            _byName.TryAdd(column.Name, column);
        }
    }

    public QualifiedName Name { get; }

    public bool IsView { get; }

    /// <summary>Columns in table order (what <c>*</c> expands to).</summary>
    public IReadOnlyList<ColumnInfo> Columns { get; }

    /// <summary>Primary-key columns in key order; empty when the relation has none.</summary>
    public IReadOnlyList<string> PrimaryKey { get; }

    /// <summary>Unique constraints and full unique indexes (the primary key excluded).</summary>
    public IReadOnlyList<IReadOnlyList<string>> UniqueKeys { get; }

    public bool Insertable { get; }

    public bool Updatable { get; }

    public bool Deletable { get; }

    public ColumnInfo? Column(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Whether <paramref name="columns"/> (any order) is exactly the primary key or a unique key.</summary>
    public bool IsKey(IReadOnlyList<string> columns)
    {
        if (SameSet(PrimaryKey, columns))
        {
            return true;
        }

        foreach (var key in UniqueKeys)
        {
            if (SameSet(key, columns))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether some key (primary or unique) contains every column of <paramref name="columns"/>.</summary>
    public bool KeyContains(IReadOnlyList<string> columns)
    {
        if (PrimaryKey.Count > 0 && columns.All(PrimaryKey.Contains))
        {
            return true;
        }

        return UniqueKeys.Any(key => columns.All(key.Contains));
    }

    public override string ToString() => Name.ToString();

    private static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count > 0 && a.Count == b.Count && a.All(b.Contains);
}
