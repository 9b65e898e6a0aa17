namespace AgentHub.Cdc;

/// <summary>The values of one row, aligned with <see cref="ChangeRelation.Columns"/>. Immutable.</summary>
public sealed class ChangeRow
{
    private readonly ChangeValue[] _values;

    /// <summary>A row for <paramref name="relation"/>; <paramref name="values"/> has one entry per column.</summary>
    public ChangeRow(ChangeRelation relation, IReadOnlyList<ChangeValue> values)
    {
        if (values.Count != relation.Columns.Count)
        {
            throw new ArgumentException($"{relation} has {relation.Columns.Count} columns but {values.Count} values were given.", nameof(values));
        }
        Relation = relation;
        _values = values.ToArray();
    }

    private ChangeRow(ChangeRelation relation, ChangeValue[] values)
    {
        Relation = relation;
        _values = values;
    }

    /// <summary>Takes ownership of <paramref name="values"/> without copying (the decoder's freshly built arrays).</summary>
    internal static ChangeRow Wrap(ChangeRelation relation, ChangeValue[] values) => new(relation, values);

    /// <summary>The table the row belongs to.</summary>
    public ChangeRelation Relation { get; }

    /// <summary>The number of values (the table's column count).</summary>
    public int Count => _values.Length;

    /// <summary>The value of the column at <paramref name="index"/>.</summary>
    public ChangeValue this[int index] => _values[index];

    /// <summary>The value of the column named <paramref name="column"/>; <see cref="ChangeValue.Absent"/> for unknown names.</summary>
    public ChangeValue this[string column] => Relation.IndexOf(column) is var i and >= 0 ? _values[i] : ChangeValue.Absent;

    /// <summary>
    /// A row from column name / text pairs (null text = SQL NULL); columns not named are absent.
    /// A convenience for hosts and tests.
    /// </summary>
    public static ChangeRow FromText(ChangeRelation relation, params (string Column, string? Text)[] values)
    {
        var row = new ChangeValue[relation.Columns.Count];
        foreach (var (column, text) in values)
        {
            var i = relation.IndexOf(column);
            if (i < 0) throw new ArgumentException($"{relation} has no column '{column}'.", nameof(values));
            row[i] = text is null ? ChangeValue.Null : ChangeValue.Of(text);
        }
        return Wrap(relation, row);
    }

    internal ReadOnlySpan<ChangeValue> Values => _values;
}
