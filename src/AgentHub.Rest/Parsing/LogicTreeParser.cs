using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Parses <c>or=(...)</c>, <c>and=(...)</c>, <c>not.or=(...)</c> and <c>rel.or=(...)</c> values
/// (data-api.md §7.2). Children are <c>field[-&gt;path].[not.]op.value</c> filters or nested
/// <c>[not.]and(...)</c>/<c>[not.]or(...)</c>, to <see cref="RestLimits.MaxLogicDepth"/> levels.
/// </summary>
internal static class LogicTreeParser
{
    private const string ConditionExpectation =
        FieldSyntax.FieldNameExpectation + ", negation operator (not) or logic operator (and, or)";

    /// <summary>Parses the key of a logic parameter: <c>[embed.]*[not.]and|or</c>.</summary>
    /// <remarks>As in PostgREST every <c>not</c> segment negates and is dropped from the path.</remarks>
    public static (ValueList<string> Path, LogicOperator Operator, bool Negated) ParseKey(string key)
    {
        var reader = new SpanReader(key, "logic path");
        var names = new List<string>(2);
        do
        {
            reader.SkipBlanks();
            names.Add(FieldSyntax.ReadFieldName(ref reader));
        }
        while (reader.TryConsume('.'));

        reader.ExpectEnd("delimiter (.) or end of input");
        var op = names[^1] switch
        {
            "and" => LogicOperator.And,
            "or" => LogicOperator.Or,
            _ => throw reader.FailAt(0, "expecting logic operator (and, or) as the last segment"),
        };
        names.RemoveAt(names.Count - 1);
        var negated = names.RemoveAll(static n => n == "not") > 0;
        return (ValueList.From(names), op, negated);
    }

    /// <summary>Parses the <c>(cond,cond,...)</c> value of a logic parameter.</summary>
    public static LogicTree ParseValue(LogicOperator op, bool negated, string value)
    {
        var reader = new SpanReader(value, "logic tree");
        reader.SkipBlanks();
        var children = ReadChildren(ref reader, depth: 1);
        reader.ExpectEnd("end of input");
        return new LogicTree(op, negated, children);
    }

    private static ValueList<Condition> ReadChildren(ref SpanReader reader, int depth)
    {
        if (depth > RestLimits.MaxLogicDepth)
        {
            throw new RestException(RestErrors.LimitExceeded("Logic tree nesting", depth, RestLimits.MaxLogicDepth));
        }

        reader.Expect('(', "\"(\"");
        var children = new List<Condition>(2);
        while (true)
        {
            reader.SkipBlanks();
            children.Add(ReadCondition(ref reader, depth));
            reader.SkipBlanks();
            if (reader.TryConsume(','))
            {
                continue;
            }

            reader.Expect(')', "\",\" or \")\"");
            reader.SkipBlanks();
            return ValueList.From(children);
        }
    }

    private static Condition ReadCondition(ref SpanReader reader, int depth)
    {
        var start = reader.Position;
        if (reader.AtEnd || reader.Current is ')' or ',')
        {
            throw reader.Unexpected(ConditionExpectation);
        }

        var name = FieldSyntax.ReadFieldName(ref reader, out var quoted);
        if (!quoted)
        {
            if (name is "and" or "or" && NextIsParen(ref reader))
            {
                return Nested(ref reader, name, negated: false, depth);
            }

            if (name == "not" && reader.Current == '.' && TryReadNegatedOperator(ref reader, out var op))
            {
                return Nested(ref reader, op, negated: true, depth);
            }
        }

        if (NextIsParen(ref reader))
        {
            throw reader.FailAt(start, $"unexpected \"{name}\" expecting logic operator (and, or)");
        }

        var field = new Field(name, FieldSyntax.ReadJsonPath(ref reader));
        reader.SkipBlanks();
        reader.Expect('.', "delimiter (.)");
        var (filterNegated, operation) = FilterParser.ParseOperation(ref reader, ValueMode.InTree);
        return new Filter(field, filterNegated, operation);
    }

    private static LogicTree Nested(ref SpanReader reader, string op, bool negated, int depth) =>
        new(op == "and" ? LogicOperator.And : LogicOperator.Or, negated, ReadChildren(ref reader, depth + 1));

    /// <summary>After <c>not</c>: consumes <c>.and</c>/<c>.or</c> when a <c>(</c> follows, else leaves the reader.</summary>
    private static bool TryReadNegatedOperator(ref SpanReader reader, out string op)
    {
        var start = reader.Position;
        reader.Advance();
        op = reader.TryConsume("and") ? "and" : reader.TryConsume("or") ? "or" : "";
        if (op.Length > 0 && NextIsParen(ref reader))
        {
            return true;
        }

        reader.Position = start;
        return false;
    }

    /// <summary>Skips blanks; true when a <c>(</c> is next (left in place for <see cref="ReadChildren"/>).</summary>
    private static bool NextIsParen(ref SpanReader reader)
    {
        var start = reader.Position;
        reader.SkipBlanks();
        if (reader.Current == '(' && !reader.AtEnd)
        {
            return true;
        }

        reader.Position = start;
        return false;
    }
}
