using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Filter values and their quoting rules (data-api.md §3, §7.2): where a value ends, when double
/// quotes are syntax, and how <c>in.(...)</c> lists split.
/// </summary>
internal static class ValueParser
{
    /// <summary>Reads one operator value in <paramref name="mode"/>.</summary>
    public static string ReadSingle(ref SpanReader reader, ValueMode mode)
    {
        if (mode == ValueMode.TopLevel)
        {
            var all = reader.Remaining.ToString();
            reader.Advance(all.Length);
            return all;
        }

        if (reader.Current == '"' && TryReadQuotedElement(ref reader, out var quoted))
        {
            return quoted;
        }

        if (reader.Current == '{' && TryReadArrayLiteral(ref reader, out var array))
        {
            return array;
        }

        return ReadRaw(ref reader);
    }

    /// <summary>
    /// Reads <c>(a,b,"c,d")</c>. Unquoted items run to the next <c>,</c> or <c>)</c> verbatim; a quoted
    /// item is unescaped when the closing quote is followed by <c>,</c> or <c>)</c>, otherwise it is
    /// raw text like any other (PostgREST's rule). <c>()</c> is the empty list.
    /// </summary>
    public static ValueList<string> ReadList(ref SpanReader reader)
    {
        reader.SkipBlanks();
        reader.Expect('(', "\"(\"");
        reader.SkipBlanks();
        if (reader.TryConsume(')'))
        {
            reader.SkipBlanks();
            return ValueList<string>.Empty;
        }

        var items = new List<string>();
        while (true)
        {
            if (items.Count == RestLimits.MaxInListItems)
            {
                throw new RestException(RestErrors.LimitExceeded("Number of in-list items", items.Count + 1, RestLimits.MaxInListItems));
            }

            items.Add(reader.Current == '"' && TryReadQuotedElement(ref reader, out var quoted) ? quoted : ReadRaw(ref reader));
            if (reader.TryConsume(','))
            {
                continue;
            }

            reader.Expect(')', "\",\" or \")\"");
            reader.SkipBlanks();
            return ValueList.From(items);
        }
    }

    /// <summary>Text up to (not including) the next <c>,</c> or <c>)</c>, verbatim.</summary>
    private static string ReadRaw(ref SpanReader reader)
    {
        var rest = reader.Remaining;
        var end = rest.IndexOfAny(',', ')');
        if (end < 0)
        {
            end = rest.Length;
        }

        reader.Advance(end);
        return rest[..end].ToString();
    }

    /// <summary>A quoted value counts only if it is followed by <c>,</c>, <c>)</c> or the end.</summary>
    private static bool TryReadQuotedElement(ref SpanReader reader, out string value)
    {
        var start = reader.Position;
        if (!FieldSyntax.TryReadQuoted(ref reader, out value))
        {
            // Unterminated quote: PostgREST falls back to raw text, and so do we.
            return false;
        }

        if (reader.AtEnd || reader.Current is ',' or ')')
        {
            return true;
        }

        reader.Position = start;
        value = "";
        return false;
    }

    /// <summary><c>{...}</c> without nested braces, so array literals may contain commas inside trees.</summary>
    private static bool TryReadArrayLiteral(ref SpanReader reader, out string value)
    {
        var rest = reader.Remaining;
        var end = rest[1..].IndexOfAny('{', '}');
        if (end < 0 || rest[end + 1] != '}')
        {
            value = "";
            return false;
        }

        value = rest[..(end + 2)].ToString();
        reader.Advance(end + 2);
        return true;
    }
}
