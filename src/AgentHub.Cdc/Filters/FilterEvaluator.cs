using System.Text.RegularExpressions;
using AgentHub.Core.PostgresChanges;
using FilterOperator = AgentHub.Core.PostgresChanges.PostgresChangesFilterOperator;

namespace AgentHub.Cdc;

/// <summary>
/// A parsed postgres_changes <c>filter</c> string (docs/realtime-protocol.md §6.4), evaluated in
/// memory against change events: every condition must hold (AND), with SQL's three-valued logic
/// (a NULL column fails every comparison except <c>is.null</c> and <c>isdistinct</c>).
/// </summary>
/// <remarks>
/// <para>Operators: <c>eq neq lt lte gt gte in like ilike match imatch is isdistinct</c>, each optionally
/// negated with <c>not.</c>. Values are typed by the column (integers, floats, exact numerics,
/// booleans, uuids, dates and timestamps, json/jsonb by value, arrays element-wise; text by code point,
/// i.e. the C collation; <c>char(n)</c> without trailing blanks). <c>like</c> uses SQL LIKE patterns
/// (<c>%</c>, <c>_</c>, <c>\</c> escapes); <c>match</c> uses .NET regular expressions, which agree with
/// PostgreSQL's for ordinary patterns, with a time limit per evaluation.</para>
/// <para>Rows: INSERT and UPDATE are filtered on the new row, DELETE on the old (replica identity)
/// values. A column that the row does not carry (a non-identity column of a DELETE, an unchanged
/// TOAST value) makes its condition unknown, so the event does not match: filtering never leaks a
/// change the filter might have excluded.</para>
/// <para>The grammar is <see cref="PostgresChangesFilter"/>'s, shared with the join's check; this
/// class compiles what it parsed (<see cref="Create"/>) and types it against the table.</para>
/// <example>
/// <code>
/// var filter = FilterEvaluator.Create(subscription.Filter);  // parsed at join time
/// filter.Validate(relation);           // at subscribe time: column and value errors
/// if (filter.Matches(change)) { ... }  // per event
/// </code>
/// </example>
/// Instances are immutable apart from a per-relation binding cache and may be shared between threads.
/// </remarks>
public sealed class FilterEvaluator
{
    private readonly List<FilterCondition> _conditions;
    private Binding? _binding;

    private FilterEvaluator(string text, List<FilterCondition> conditions)
    {
        Text = text;
        _conditions = conditions;
    }

    /// <summary>The filter as written.</summary>
    public string Text { get; }

    /// <summary>True for an empty filter, which matches every event.</summary>
    public bool IsEmpty => _conditions.Count == 0;

    /// <summary>The column names the filter refers to.</summary>
    public IEnumerable<string> Columns => _conditions.Select(c => c.Column).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Parses <paramref name="filter"/> with the shared grammar and compiles it; null, empty or
    /// whitespace gives a filter that matches everything (spec 6.1: "Empty/whitespace = none").
    /// </summary>
    /// <exception cref="ChangeFilterException">Bad syntax (in the words of the join's check), or what <see cref="Create"/> refuses.</exception>
    public static FilterEvaluator Parse(string? filter)
    {
        var text = filter ?? "";
        FilterCompiler.EnsureShortEnough(text);
        if (string.IsNullOrWhiteSpace(text)) return new(text, []);
        if (!PostgresChangesFilter.TryParse(text, out var parsed, out var error)) throw ChangeFilterException.Syntax(error!);
        return Create(parsed!);
    }

    /// <summary>Compiles a filter that the shared grammar parsed (the subscription's, checked at join time).</summary>
    /// <exception cref="ChangeFilterException">A filter longer than <see cref="CdcLimits.MaxFilterLength"/>, an <c>in</c> list that is no array literal or holds more than <see cref="PostgresChangesFilter.MaxInValues"/> elements, or a bad regular expression.</exception>
    public static FilterEvaluator Create(PostgresChangesFilter filter) => new(filter.Text, FilterCompiler.Compile(filter));

    /// <summary>Parses without throwing; <paramref name="error"/> is the client-facing message on failure.</summary>
    public static bool TryParse(string? filter, out FilterEvaluator? evaluator, out string? error) =>
        TryBuild(() => Parse(filter), out evaluator, out error);

    /// <summary>Compiles without throwing; <paramref name="error"/> is the client-facing message on failure.</summary>
    public static bool TryCreate(PostgresChangesFilter filter, out FilterEvaluator? evaluator, out string? error) =>
        TryBuild(() => Create(filter), out evaluator, out error);

    private static bool TryBuild(Func<FilterEvaluator> build, out FilterEvaluator? evaluator, out string? error)
    {
        try
        {
            evaluator = build();
            error = null;
            return true;
        }
        catch (ChangeFilterException e)
        {
            evaluator = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Checks the filter against a table: every column exists, every value is castable to its column's
    /// type, and every operator applies to it.
    /// </summary>
    /// <exception cref="ChangeFilterException">The first problem found, in the words the client will see.</exception>
    public void Validate(ChangeRelation relation)
    {
        var binding = Bind(relation);
        if (binding.Error is not null) throw new ChangeFilterException(binding.Error);
    }

    /// <summary>True when the event's row satisfies every condition.</summary>
    public bool Matches(ChangeEvent change)
    {
        if (_conditions.Count == 0) return true;
        var binding = Bind(change.Relation);
        if (binding.Error is not null) return false;
        var row = change.FilterRow;
        foreach (var condition in binding.Conditions!)
        {
            if (condition.Evaluate(row[condition.ColumnIndex]) != true) return false;
        }
        return true;
    }

    private Binding Bind(ChangeRelation relation)
    {
        // Events of one table share their relation instance, so one cached binding serves them all.
        var cached = Volatile.Read(ref _binding);
        if (cached is not null && ReferenceEquals(cached.Relation, relation)) return cached;
        var fresh = Binding.Create(relation, _conditions);
        Volatile.Write(ref _binding, fresh);
        return fresh;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private sealed class Binding
    {
        public required ChangeRelation Relation { get; init; }
        public BoundCondition[]? Conditions { get; init; }
        public string? Error { get; init; }

        public static Binding Create(ChangeRelation relation, List<FilterCondition> conditions)
        {
            var bound = new BoundCondition[conditions.Count];
            for (var i = 0; i < conditions.Count; i++)
            {
                var condition = conditions[i];
                var index = relation.IndexOf(condition.Column);
                if (index < 0) return new Binding { Relation = relation, Error = $"invalid column for filter {condition.Column}" };
                var type = relation.Columns[index].Type;
                if (BoundCondition.TryCreate(condition, index, type, out var b, out var error)) bound[i] = b!;
                else return new Binding { Relation = relation, Error = error };
            }
            return new Binding { Relation = relation, Conditions = bound };
        }
    }
}

/// <summary>A condition typed against one column: literals converted once, evaluated per row.</summary>
internal sealed class BoundCondition
{
    private readonly FilterCondition _condition;
    private readonly PgType _type;
    private readonly TypedValue _literal;
    private readonly TypedValue?[]? _list;

    private BoundCondition(FilterCondition condition, int columnIndex, PgType type, TypedValue literal, TypedValue?[]? list)
    {
        _condition = condition;
        ColumnIndex = columnIndex;
        _type = type;
        _literal = literal;
        _list = list;
    }

    public int ColumnIndex { get; }

    public static bool TryCreate(FilterCondition condition, int columnIndex, PgType type, out BoundCondition? bound, out string? error)
    {
        bound = null;
        error = null;
        var op = condition.Operator;
        switch (op)
        {
            case FilterOperator.Like or FilterOperator.Ilike or FilterOperator.Match or FilterOperator.Imatch:
                if (!type.IsTextLike)
                {
                    error = $"operator does not exist: {type.DisplayName} {op.Sql()} unknown";
                    return false;
                }
                bound = new BoundCondition(condition, columnIndex, type, default, null);
                return true;
            case FilterOperator.Is:
                if (condition.Value != "null" && type.Kind != PgTypeKind.Bool)
                {
                    error = $"argument of IS {condition.Value.ToUpperInvariant()} must be type boolean, not type {type.DisplayName}";
                    return false;
                }
                bound = new BoundCondition(condition, columnIndex, type, default, null);
                return true;
            case FilterOperator.In:
                var list = new TypedValue?[condition.List!.Count];
                for (var i = 0; i < list.Length; i++)
                {
                    if (condition.List[i].Text is not { } text) continue;
                    if (!TypedValue.TryConvert(type, text, out var item, out error)) return false;
                    list[i] = item;
                }
                bound = new BoundCondition(condition, columnIndex, type, default, list);
                return true;
            default:
                if (op is FilterOperator.Lt or FilterOperator.Lte or FilterOperator.Gt or FilterOperator.Gte && !TypedValue.IsOrdered(type))
                {
                    error = $"operator does not exist: {type.DisplayName} {op.Sql()} {type.DisplayName}";
                    return false;
                }
                if (!TypedValue.TryConvert(type, condition.Value, out var literal, out error)) return false;
                bound = new BoundCondition(condition, columnIndex, type, literal, null);
                return true;
        }
    }

    /// <summary>True, false, or null for SQL's unknown.</summary>
    public bool? Evaluate(ChangeValue value)
    {
        if (!value.IsPresent) return null;
        var result = EvaluateCore(value.Text);
        return _condition.Negated ? !result : result;
    }

    private bool? EvaluateCore(string? text)
    {
        var op = _condition.Operator;
        if (op == FilterOperator.Is)
        {
            return _condition.Value switch
            {
                "null" or "unknown" => text is null,
                "true" => text is not null && TypedValue.TryParseBool(text, out var t) && t,
                _ => text is not null && TypedValue.TryParseBool(text, out var f) && !f,
            };
        }
        if (text is null) return op == FilterOperator.IsDistinct ? true : null;

        if (op is FilterOperator.Like or FilterOperator.Ilike or FilterOperator.Match or FilterOperator.Imatch)
        {
            try
            {
                return _condition.Pattern!.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                return null;
            }
        }

        if (!TypedValue.TryConvert(_type, text, out var column, out _)) return null;
        switch (op)
        {
            case FilterOperator.In:
                var sawNull = false;
                foreach (var item in _list!)
                {
                    if (item is null) sawNull = true;
                    else if (TypedValue.AreEqual(_type, column, item.Value)) return true;
                }
                return sawNull ? null : false;
            case FilterOperator.Eq:
                return TypedValue.AreEqual(_type, column, _literal);
            case FilterOperator.Neq:
                return !TypedValue.AreEqual(_type, column, _literal);
            case FilterOperator.IsDistinct:
                return !TypedValue.AreEqual(_type, column, _literal);
        }
        var order = TypedValue.Compare(_type, column, _literal);
        return op switch
        {
            FilterOperator.Lt => order < 0,
            FilterOperator.Lte => order <= 0,
            FilterOperator.Gt => order > 0,
            _ => order >= 0,
        };
    }
}
