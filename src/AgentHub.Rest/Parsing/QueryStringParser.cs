using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Sorts query parameters into their roles (data-api.md §3) and runs the matching parser on each.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>select</c>, <c>columns</c>, <c>on_conflict</c>: exact keys, first occurrence wins.</item>
/// <item>Keys whose last dot segment is <c>order</c>, <c>limit</c>, <c>offset</c>, <c>and</c>, <c>or</c>:
/// modifiers for the embed path before it; for limit/offset the last occurrence wins.</item>
/// <item>Everything else is a filter, except for RPC GET/HEAD where a value that does not start
/// with an operator is a function argument (<see cref="FilterParser.StartsWithOperator"/>).</item>
/// <item>Filters and modifiers with an empty value are ignored (spec: "every other key with a
/// non-empty value is a filter"); an empty RPC argument is kept, it is a real empty string.</item>
/// </list>
/// </remarks>
internal static class QueryStringParser
{
    public static ParsedQuery Parse(IReadOnlyList<KeyValuePair<string, string>> query, bool isFunctionRead, RestParseOptions options)
    {
        if (query.Count > RestLimits.MaxParameterCount)
        {
            throw new RestException(RestErrors.LimitExceeded("Number of query parameters", query.Count, RestLimits.MaxParameterCount));
        }

        string? select = null, columns = null, onConflict = null;
        var conditions = new List<PathCondition>();
        var orders = new List<PathOrder>();
        var ranges = new Dictionary<string, PathRange>(StringComparer.Ordinal);
        var arguments = new List<CallArgument>();
        long totalLength = 0;
        var filterCount = 0;

        foreach (var (key, value) in query)
        {
            totalLength += key.Length + value.Length;
            if (totalLength > RestLimits.MaxQueryStringLength)
            {
                throw new RestException(RestErrors.LimitExceeded("Query string length", totalLength, RestLimits.MaxQueryStringLength));
            }

            if (value.Length > RestLimits.MaxValueLength)
            {
                throw new RestException(RestErrors.LimitExceeded($"Length of the '{Truncate(key)}' parameter", value.Length, RestLimits.MaxValueLength));
            }

            if (options.IgnoredParameters.Contains(key))
            {
                continue;
            }

            switch (key)
            {
                case "select":
                    select ??= value;
                    continue;
                case "columns":
                    columns ??= value;
                    continue;
                case "on_conflict":
                    onConflict ??= value;
                    continue;
            }

            var role = LastSegment(key);
            if (value.Length == 0 && !(isFunctionRead && role is not ("order" or "limit" or "offset" or "and" or "or")))
            {
                continue;
            }

            switch (role)
            {
                case "order":
                    orders.Add(new PathOrder(ParseModifierPath(key), OrderParser.Parse(value)));
                    break;
                case "limit":
                case "offset":
                    var path = ParseModifierPath(key);
                    var pathKey = string.Join('\u001f', path);
                    var current = ranges.GetValueOrDefault(pathKey) ?? new PathRange(path, null, null);
                    ranges[pathKey] = role == "limit"
                        ? current with { Limit = RangeParser.ParseLimit(value) }
                        : current with { Offset = RangeParser.ParseOffset(value) };
                    break;
                case "and":
                case "or":
                    var (logicPath, op, negated) = LogicTreeParser.ParseKey(key);
                    var tree = LogicTreeParser.ParseValue(op, negated, value);
                    filterCount += CountFilters(tree);
                    conditions.Add(new PathCondition(logicPath, tree));
                    break;
                default:
                    if (isFunctionRead && !FilterParser.StartsWithOperator(value))
                    {
                        arguments.Add(new CallArgument(key, value));
                        break;
                    }

                    var (filterPath, field) = FilterParser.ParseKey(key);
                    var (filterNegated, operation) = FilterParser.ParseValue(value);
                    filterCount++;
                    conditions.Add(new PathCondition(filterPath, new Filter(field, filterNegated, operation)));
                    break;
            }

            if (filterCount > RestLimits.MaxFilterCount)
            {
                throw new RestException(RestErrors.LimitExceeded("Number of filters", filterCount, RestLimits.MaxFilterCount));
            }
        }

        return new ParsedQuery(
            select is null ? [StarItem.Instance] : SelectParser.Parse(select),
            ValueList.From(conditions),
            ValueList.From(orders),
            ValueList.From(ranges.Values.ToList()),
            columns is null ? null : ColumnListParser.Parse(columns, "columns"),
            onConflict is null ? null : ColumnListParser.Parse(onConflict, "on_conflict"),
            ValueList.From(arguments));
    }

    /// <summary>The embed path of a modifier key: <c>a.b.order</c> → <c>[a, b]</c>.</summary>
    private static ValueList<string> ParseModifierPath(string key)
    {
        if (key.IndexOf('.') < 0)
        {
            return ValueList<string>.Empty;
        }

        var reader = new SpanReader(key, "tree path");
        var names = new List<string>(2);
        do
        {
            reader.SkipBlanks();
            names.Add(FieldSyntax.ReadFieldName(ref reader));
        }
        while (reader.TryConsume('.'));

        reader.ExpectEnd("delimiter (.) or end of input");
        names.RemoveAt(names.Count - 1);
        return ValueList.From(names);
    }

    private static string LastSegment(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot < 0 ? key : key[(dot + 1)..];
    }

    private static int CountFilters(Condition condition) => condition switch
    {
        LogicTree tree => tree.Children.Sum(CountFilters),
        _ => 1,
    };

    private static string Truncate(string key) => key.Length <= 64 ? key : key[..64] + "...";
}
