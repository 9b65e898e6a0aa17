namespace AgentHub.Cdc;

/// <summary>
/// An immutable subset of a table's columns (by position in <see cref="ChangeRelation.Columns"/>):
/// the columns a role may SELECT, or a subscription's <c>select</c> list plus the primary key.
/// Compared by content, so it can key a cache of serialized payloads.
/// </summary>
public sealed class ColumnMask : IEquatable<ColumnMask>
{
    private readonly bool[] _included;
    private readonly int _hash;

    private ColumnMask(bool[] included)
    {
        _included = included;
        var hash = new HashCode();
        foreach (var b in included) hash.Add(b);
        _hash = hash.ToHashCode();
    }

    /// <summary>The number of columns of the table the mask is for.</summary>
    public int Count => _included.Length;

    /// <summary>True when the column at <paramref name="columnIndex"/> is in the mask.</summary>
    public bool Includes(int columnIndex) => (uint)columnIndex < (uint)_included.Length && _included[columnIndex];

    /// <summary>A mask of the named columns of <paramref name="relation"/> (unknown names are ignored).</summary>
    public static ColumnMask Of(ChangeRelation relation, IEnumerable<string> columns)
    {
        var included = new bool[relation.Columns.Count];
        foreach (var name in columns)
        {
            var i = relation.IndexOf(name);
            if (i >= 0) included[i] = true;
        }
        return new ColumnMask(included);
    }

    /// <summary>A subscription's <c>select</c> list: the named columns plus the primary key, which is always included (spec 6.1).</summary>
    public static ColumnMask ForSelect(ChangeRelation relation, IEnumerable<string> select)
    {
        var mask = Of(relation, select);
        for (var i = 0; i < relation.Columns.Count; i++)
        {
            if (relation.Columns[i].IsPrimaryKey) mask._included[i] = true;
        }
        return new ColumnMask(mask._included);
    }

    /// <summary>Columns in both; null stands for "all columns".</summary>
    public static ColumnMask? Intersect(ColumnMask? a, ColumnMask? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        var included = new bool[Math.Max(a.Count, b.Count)];
        for (var i = 0; i < included.Length; i++) included[i] = a.Includes(i) && b.Includes(i);
        return new ColumnMask(included);
    }

    /// <summary>True when every column is included (the mask can then be dropped).</summary>
    public bool IsAll => Array.TrueForAll(_included, b => b);

    /// <inheritdoc />
    public bool Equals(ColumnMask? other) => other is not null && _hash == other._hash && _included.AsSpan().SequenceEqual(other._included);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ColumnMask);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;
}
