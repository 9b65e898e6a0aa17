namespace AgentHub.Core.PostgresChanges;

/// <summary>
/// A parsed <c>filter</c> string: conditions joined by AND (docs/realtime-protocol.md 6.4).
/// </summary>
/// <example>
/// <code>
/// if (PostgresChangesFilter.TryParse("room_id=eq.42,name=eq.\"Doe, Jane\"", out var filter, out var error))
///     foreach (var c in filter.Conditions) Console.WriteLine($"{c.Column} {c.Operator} {c.Value}");
/// </code>
/// </example>
public sealed class PostgresChangesFilter
{
    /// <summary>
    /// Most values an <c>in.(…)</c> list may hold: 100. The join counts the list's items; change
    /// capture counts again the elements it reads from the list as an array literal.
    /// </summary>
    public const int MaxInValues = 100;

    internal PostgresChangesFilter(string text, IReadOnlyList<PostgresChangesFilterCondition> conditions)
    {
        Text = text;
        Conditions = conditions;
    }

    /// <summary>The filter exactly as the client sent it.</summary>
    public string Text { get; }

    /// <summary>The conditions, all of which must hold.</summary>
    public IReadOnlyList<PostgresChangesFilterCondition> Conditions { get; }

    /// <summary>Parses a filter string.</summary>
    /// <param name="text">The <c>filter</c> value of a subscription.</param>
    /// <param name="filter">The parsed filter, when true is returned.</param>
    /// <param name="error">What is wrong, when false is returned.</param>
    public static bool TryParse(string text, out PostgresChangesFilter? filter, out string? error) =>
        PostgresChangesFilterParser.TryParse(text, out filter, out error);

    /// <inheritdoc/>
    public override string ToString() => Text;
}
