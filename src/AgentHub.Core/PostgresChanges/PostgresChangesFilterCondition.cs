namespace AgentHub.Core.PostgresChanges;

/// <summary>
/// One <c>column=[not.]op.value</c> segment of a filter, syntax-checked only: whether the column
/// exists and the value casts to its type is for the change-capture side to decide.
/// </summary>
public sealed class PostgresChangesFilterCondition
{
    internal PostgresChangesFilterCondition(string text, string column, PostgresChangesFilterOperator @operator, bool negated, string rawValue)
    {
        Text = text;
        Column = column;
        Operator = @operator;
        Negated = negated;
        RawValue = rawValue;
    }

    /// <summary>The segment exactly as the client wrote it, for messages that quote it.</summary>
    public string Text { get; }

    /// <summary>The column name as written, blanks included (change capture looks it up verbatim).</summary>
    public string Column { get; }

    /// <summary>The operator.</summary>
    public PostgresChangesFilterOperator Operator { get; }

    /// <summary>True for a <c>not.</c> prefix.</summary>
    public bool Negated { get; }

    /// <summary>
    /// Everything after the operator's dot, quotes and parentheses included. Change capture reads an
    /// <c>in.(…)</c> list from it as PostgreSQL reads an array literal, as Supabase does.
    /// </summary>
    public string RawValue { get; }

    /// <summary>The value with PostgREST quoting removed; null for <see cref="PostgresChangesFilterOperator.In"/>.</summary>
    public string? Value { get; internal init; }

    /// <summary>The list of an <c>in.(…)</c> condition, unquoted; null for every other operator.</summary>
    public IReadOnlyList<string>? Values { get; internal init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Column}={(Negated ? "not." : "")}{Operator.ToString().ToLowerInvariant()}.{(Values is null ? Value : "(" + string.Join(",", Values) + ")")}";
}
