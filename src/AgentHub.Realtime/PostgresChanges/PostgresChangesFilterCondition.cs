namespace AgentHub.Realtime.PostgresChanges;

/// <summary>
/// One <c>column=[not.]op.value</c> segment of a filter, syntax-checked only: whether the column
/// exists and the value casts to its type is for the change-capture side to decide.
/// </summary>
public sealed class PostgresChangesFilterCondition
{
    internal PostgresChangesFilterCondition(string column, PostgresChangesFilterOperator @operator, bool negated, string? value, IReadOnlyList<string>? values)
    {
        Column = column;
        Operator = @operator;
        Negated = negated;
        Value = value;
        Values = values;
    }

    /// <summary>The column name as written.</summary>
    public string Column { get; }

    /// <summary>The operator.</summary>
    public PostgresChangesFilterOperator Operator { get; }

    /// <summary>True for a <c>not.</c> prefix.</summary>
    public bool Negated { get; }

    /// <summary>The value with PostgREST quoting removed; null for <see cref="PostgresChangesFilterOperator.In"/>.</summary>
    public string? Value { get; }

    /// <summary>The list of an <c>in.(…)</c> condition, unquoted; null for every other operator.</summary>
    public IReadOnlyList<string>? Values { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Column}={(Negated ? "not." : "")}{Operator.ToString().ToLowerInvariant()}.{(Values is null ? Value : "(" + string.Join(",", Values) + ")")}";
}
