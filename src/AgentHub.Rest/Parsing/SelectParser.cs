using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Parses the <c>select</c> parameter (data-api.md §5, §6) into a tree of <see cref="SelectItem"/>s.
/// </summary>
/// <remarks>
/// Grammar, tried in this order for each comma-separated item:
/// <code>
/// "..." name embedparams "(" [items] ")"              spread embed
/// "*"                                                   star
/// [alias ":"] "count()" ["::" type]                     bare count
/// [alias ":"] name embedparams "(" [items] ")"          embed (name is not "count")
/// [alias ":"] name jsonpath ["::" type] ["." aggfn "()"] ["::" type]   column
/// embedparams := ("!" ("inner" | "left" | hint)){0,2}  at most one hint and one join type
/// </code>
/// An empty value is an empty list, as in PostgREST (an absent <c>select</c> means <c>*</c>).
/// </remarks>
internal static class SelectParser
{
    private const string ItemEnd = "\",\", \")\" or end of input";

    public static ValueList<SelectItem> Parse(string value)
    {
        var reader = new SpanReader(value, "select parameter");
        var count = 0;
        var items = ReadItems(ref reader, depth: 0, ref count);
        if (!reader.AtEnd)
        {
            throw reader.Unexpected(ItemEnd);
        }

        return items;
    }

    private static ValueList<SelectItem> ReadItems(ref SpanReader reader, int depth, ref int count)
    {
        reader.SkipBlanks();
        if (reader.AtEnd || reader.Current == ')')
        {
            return ValueList<SelectItem>.Empty;
        }

        var items = new List<SelectItem>();
        while (true)
        {
            if (++count > RestLimits.MaxSelectItems)
            {
                throw new RestException(RestErrors.LimitExceeded("Number of select items", count, RestLimits.MaxSelectItems));
            }

            items.Add(ReadItem(ref reader, depth, ref count));
            reader.SkipBlanks();
            if (!reader.TryConsume(','))
            {
                return ValueList.From(items);
            }

            reader.SkipBlanks();
        }
    }

    private static SelectItem ReadItem(ref SpanReader reader, int depth, ref int count)
    {
        if (reader.TryConsume("..."))
        {
            var relation = FieldSyntax.ReadFieldName(ref reader);
            return ReadEmbed(ref reader, relation, alias: null, isSpread: true, depth, ref count);
        }

        if (reader.TryConsume('*'))
        {
            ExpectItemEnd(ref reader);
            return StarItem.Instance;
        }

        string? alias = null;
        var name = FieldSyntax.ReadFieldName(ref reader, out var quoted);
        if (reader.Current == ':' && reader.PeekAt(1) != ':')
        {
            reader.Advance();
            reader.SkipBlanks();
            alias = name;
            if (reader.StartsWith("..."))
            {
                throw reader.Unexpected(FieldSyntax.FieldNameExpectation + " (a spread embed cannot be aliased)");
            }

            name = FieldSyntax.ReadFieldName(ref reader, out quoted);
        }

        if (name == "count" && !quoted && reader.StartsWith("()"))
        {
            reader.Advance(2);
            var cast = ReadCast(ref reader);
            ExpectItemEnd(ref reader);
            return new CountItem(alias, cast);
        }

        if (reader.Current is '!' or '(' && !reader.AtEnd)
        {
            if (name == "count" && !quoted)
            {
                throw reader.Unexpected("\"()\" (count is an aggregate, not a relation)");
            }

            return ReadEmbed(ref reader, name, alias, isSpread: false, depth, ref count);
        }

        return ReadColumn(ref reader, name, alias);
    }

    private static ColumnItem ReadColumn(ref SpanReader reader, string name, string? alias)
    {
        var field = new Field(name, FieldSyntax.ReadJsonPath(ref reader));
        reader.SkipBlanks();
        var cast = ReadCast(ref reader);
        AggregateFunction? aggregate = null;
        string? aggregateCast = null;
        if (reader.TryConsume('.'))
        {
            aggregate = ReadAggregate(ref reader);
            aggregateCast = ReadCast(ref reader);
        }

        if (reader.Current is '!' or '(' && !reader.AtEnd && field.HasJsonPath)
        {
            throw reader.Unexpected("\"->\", \"::\", " + ItemEnd + " (a JSON path cannot be embedded)");
        }

        ExpectItemEnd(ref reader, "letter, digit, \"-\", \"->>\", \"->\", \"::\", \".\", " + ItemEnd);
        return new ColumnItem(field, alias, cast, aggregate, aggregateCast);
    }

    private static AggregateFunction ReadAggregate(ref SpanReader reader)
    {
        AggregateFunction? function =
            reader.TryConsume("sum()") ? AggregateFunction.Sum
            : reader.TryConsume("avg()") ? AggregateFunction.Avg
            : reader.TryConsume("count()") ? AggregateFunction.Count
            : reader.TryConsume("max()") ? AggregateFunction.Max
            : reader.TryConsume("min()") ? AggregateFunction.Min
            : null;
        return function ?? throw reader.Unexpected("aggregate function (sum(), avg(), count(), max(), min())");
    }

    private static string? ReadCast(ref SpanReader reader)
    {
        if (!reader.TryConsume("::"))
        {
            return null;
        }

        var type = FieldSyntax.ReadTypeName(ref reader, "type name (letter or digit)");
        reader.SkipBlanks();
        return type;
    }

    private static EmbedItem ReadEmbed(ref SpanReader reader, string relation, string? alias, bool isSpread, int depth, ref int count)
    {
        string? hint = null;
        JoinType? join = null;
        while (reader.TryConsume('!'))
        {
            var start = reader.Position;
            var param = FieldSyntax.ReadFieldName(ref reader, out var quoted);
            if (!quoted && param is "inner" or "left")
            {
                if (join is not null)
                {
                    throw reader.FailAt(start, "duplicate join type; expecting \"(\"");
                }

                join = param == "inner" ? JoinType.Inner : JoinType.Left;
            }
            else
            {
                if (hint is not null)
                {
                    throw reader.FailAt(start, "duplicate embed hint; expecting \"(\"");
                }

                hint = param;
            }
        }

        reader.Expect('(', hint is null || join is null ? "\"!\" or \"(\"" : "\"(\"");
        if (depth + 1 > RestLimits.MaxSelectDepth)
        {
            throw new RestException(RestErrors.LimitExceeded("Embedding depth", depth + 1, RestLimits.MaxSelectDepth));
        }

        var children = ReadItems(ref reader, depth + 1, ref count);
        reader.SkipBlanks();
        reader.Expect(')', "\",\" or \")\"");
        ExpectItemEnd(ref reader);
        return new EmbedItem(relation, alias, hint, join, isSpread, QueryNode.Of(children));
    }

    private static void ExpectItemEnd(ref SpanReader reader, string expecting = ItemEnd)
    {
        reader.SkipBlanks();
        if (!reader.AtEnd && reader.Current is not (',' or ')'))
        {
            throw reader.Unexpected(expecting);
        }
    }
}
