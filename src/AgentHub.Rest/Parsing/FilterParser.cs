using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Parses horizontal filters (data-api.md §7.1): the key <c>[embed.]*field[json path]</c> and the
/// value <c>[not.]op[(modifier)].value</c>.
/// </summary>
internal static class FilterParser
{
    public const string OperatorExpectation = "\"not\" or operator (eq, gt, ...)";

    /// <summary>Parses a filter key (<c>rel.sub.col-&gt;a</c>) into its embed path and field.</summary>
    /// <remarks>A cast (<c>col::text</c>) is rejected: PostgREST does not filter on casts.</remarks>
    public static (ValueList<string> Path, Field Field) ParseKey(string key)
    {
        var reader = new SpanReader(key, "tree path");
        var names = new List<string>(2);
        while (true)
        {
            reader.SkipBlanks();
            names.Add(FieldSyntax.ReadFieldName(ref reader));
            if (!reader.TryConsume('.'))
            {
                break;
            }
        }

        var path = FieldSyntax.ReadJsonPath(ref reader);
        reader.ExpectEnd(path.Count == 0 ? "\"->\", \"->>\", delimiter (.) or end of input" : "\"->\", \"->>\" or end of input");
        var field = new Field(names[^1], path);
        names.RemoveAt(names.Count - 1);
        return (ValueList.From(names), field);
    }

    /// <summary>Parses a top-level filter value (<c>eq.5</c>, <c>not.in.(1,2)</c>, <c>fts(english).cat</c>).</summary>
    public static (bool Negated, FilterOperation Operation) ParseValue(string value)
    {
        var reader = new SpanReader(value, "filter");
        var result = ParseOperation(ref reader, ValueMode.TopLevel);
        reader.ExpectEnd("end of input");
        return result;
    }

    /// <summary>
    /// Whether <paramref name="value"/> starts like an operator expression (<c>[not.]op.</c> or
    /// <c>op(</c>). For RPC GET this is what separates result filters from function arguments: a
    /// value that starts like one and then fails to parse is an error, anything else is an argument.
    /// </summary>
    public static bool StartsWithOperator(string value)
    {
        var span = value.AsSpan();
        if (span.StartsWith("not."))
        {
            span = span[4..];
        }

        var length = OperatorLength(span);
        if (length == 0 || length == span.Length || span[length] is not ('.' or '('))
        {
            return false;
        }

        var name = span[..length];
        return name is "in" or "is"
            || FilterOperators.TryParse(name, out FilterOperator _)
            || FilterOperators.TryParse(name, out FtsOperator _);
    }

    /// <summary>Parses <c>[not.]op[(modifier)].value</c> at the reader; the caller checks what follows.</summary>
    public static (bool Negated, FilterOperation Operation) ParseOperation(ref SpanReader reader, ValueMode mode)
    {
        var start = reader.Position;
        var name = ReadOperatorName(ref reader);
        var negated = false;
        if (name == "not" && reader.Current == '.')
        {
            reader.Advance();
            negated = true;
            start = reader.Position;
            name = ReadOperatorName(ref reader);
        }

        FilterOperation operation;
        switch (name)
        {
            case "in":
                ExpectDelimiter(ref reader);
                operation = new InOperation(ValueParser.ReadList(ref reader));
                break;
            case "is":
                ExpectDelimiter(ref reader);
                operation = new IsOperation(ReadIsValue(ref reader, mode));
                break;
            default:
                operation = ParseValued(ref reader, name, start, mode);
                break;
        }

        return (negated, operation);
    }

    private static FilterOperation ParseValued(ref SpanReader reader, string name, int start, ValueMode mode)
    {
        if (FilterOperators.TryParse(name, out FtsOperator fts))
        {
            string? language = null;
            if (reader.TryConsume('('))
            {
                language = FieldSyntax.ReadTypeName(ref reader, "text search configuration name");
                reader.Expect(')', "\")\"");
            }

            ExpectDelimiter(ref reader);
            return new FtsOperation(fts, language, ValueParser.ReadSingle(ref reader, mode));
        }

        if (!FilterOperators.TryParse(name, out FilterOperator op))
        {
            throw name.Length == 0
                ? reader.Unexpected(OperatorExpectation)
                : reader.FailAt(start, $"unknown operator \"{name}\" expecting {OperatorExpectation}");
        }

        var quantifier = Quantifier.None;
        if (reader.Current == '(')
        {
            if (!FilterOperators.IsQuantifiable(op))
            {
                throw reader.FailAt(reader.Position, $"operator \"{name}\" does not take a modifier; expecting delimiter (.)");
            }

            reader.Advance();
            quantifier = reader.TryConsume("any") ? Quantifier.Any
                : reader.TryConsume("all") ? Quantifier.All
                : throw reader.Unexpected("\"any\" or \"all\"");
            reader.Expect(')', "\")\"");
        }

        ExpectDelimiter(ref reader);
        return new CompareOperation(op, quantifier, ValueParser.ReadSingle(ref reader, mode));
    }

    private static IsValue ReadIsValue(ref SpanReader reader, ValueMode mode)
    {
        var start = reader.Position;
        var text = ValueParser.ReadSingle(ref reader, mode).AsSpan();
        if (text.Equals("null", StringComparison.OrdinalIgnoreCase)) return IsValue.Null;
        if (text.Equals("not_null", StringComparison.OrdinalIgnoreCase)) return IsValue.NotNull;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return IsValue.True;
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return IsValue.False;
        if (text.Equals("unknown", StringComparison.OrdinalIgnoreCase)) return IsValue.Unknown;
        throw reader.FailAt(start, "unexpected \"" + text.ToString() + "\" expecting isVal: (null, not_null, true, false, unknown)");
    }

    private static void ExpectDelimiter(ref SpanReader reader) => reader.Expect('.', "delimiter (.)");

    private static string ReadOperatorName(ref SpanReader reader)
    {
        var length = OperatorLength(reader.Remaining);
        var name = reader.Remaining[..length].ToString();
        reader.Advance(length);
        return name;
    }

    /// <summary>Operators are lower-case ASCII words (<c>isdistinct</c> is the longest).</summary>
    private static int OperatorLength(ReadOnlySpan<char> span)
    {
        var length = 0;
        while (length < span.Length && length < 16 && char.IsAsciiLetterLower(span[length]))
        {
            length++;
        }

        return length;
    }
}
