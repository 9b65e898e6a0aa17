using System.Globalization;
using System.Text;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Lexical pieces shared by every parser: field names, quoted values, type names and JSON paths
/// (data-api.md §3 "Identifiers").
/// </summary>
/// <remarks>
/// A field name is either double-quoted (anything, <c>\</c> escapes the next char) or identifier
/// parts of <c>[letters digits _ $ space]</c> joined by single dashes that do not start <c>-&gt;</c>;
/// each part is trimmed, so blanks around names are tolerated. Letters are Unicode letters, as in
/// PostgREST (Parsec's <c>letter</c>), so <c>prénom</c> needs no quotes.
/// </remarks>
internal static class FieldSyntax
{
    public const string FieldNameExpectation = "field name (* or [a..z0..9_$])";

    public static bool IsIdentifierChar(char c) =>
        char.IsLetter(c) || char.IsAsciiDigit(c) || c is '_' or '$' or ' ' || char.IsSurrogate(c);

    /// <summary>Reads a field name (quoted or dashed identifier). Never empty.</summary>
    public static string ReadFieldName(ref SpanReader reader) => ReadFieldName(ref reader, out _);

    public static string ReadFieldName(ref SpanReader reader, out bool quoted)
    {
        var start = reader.Position;
        quoted = reader.Current == '"';
        var name = quoted ? ReadQuoted(ref reader) : ReadDashed(ref reader, isKey: false);
        if (name.Length == 0)
        {
            throw quoted
                ? reader.FailAt(start, "empty quoted identifier")
                : reader.Unexpected(FieldNameExpectation);
        }

        CheckLength(ref reader, start, name);
        return name;
    }

    /// <summary>Reads <c>"..."</c> starting at the opening quote; <c>\x</c> yields <c>x</c>.</summary>
    public static string ReadQuoted(ref SpanReader reader)
    {
        var start = reader.Position;
        if (!TryReadQuoted(ref reader, out var value))
        {
            throw reader.FailAt(start, "unexpected end of input expecting closing quote (\")");
        }

        return value;
    }

    /// <summary>Like <see cref="ReadQuoted"/>, but leaves the reader in place when the quote is unterminated.</summary>
    public static bool TryReadQuoted(ref SpanReader reader, out string value)
    {
        var start = reader.Position;
        reader.Advance();
        var rest = reader.Remaining;
        var stop = rest.IndexOfAny('"', '\\');
        if (stop >= 0 && rest[stop] == '"')
        {
            // Fast path: no escapes, one slice.
            reader.Advance(stop + 1);
            value = rest[..stop].ToString();
            return true;
        }

        var builder = new StringBuilder();
        while (!reader.AtEnd)
        {
            var c = reader.Current;
            reader.Advance();
            if (c == '"')
            {
                value = builder.ToString();
                return true;
            }

            if (c == '\\')
            {
                if (reader.AtEnd)
                {
                    break;
                }

                c = reader.Current;
                reader.Advance();
            }

            builder.Append(c);
        }

        reader.Position = start;
        value = "";
        return false;
    }

    /// <summary>Reads a type or text-search configuration name: <c>[letters digits _ $ space]+</c>, trimmed.</summary>
    public static string ReadTypeName(ref SpanReader reader, string expecting)
    {
        var start = reader.Position;
        while (!reader.AtEnd && IsIdentifierChar(reader.Current))
        {
            reader.Advance();
        }

        var name = reader.Slice(start, reader.Position).Trim(' ').ToString();
        if (name.Length == 0)
        {
            reader.Position = start;
            throw reader.Unexpected(expecting);
        }

        CheckLength(ref reader, start, name);
        return name;
    }

    /// <summary>Reads a field name with an optional JSON path, blanks around it skipped.</summary>
    public static Field ReadField(ref SpanReader reader)
    {
        reader.SkipBlanks();
        var name = ReadFieldName(ref reader);
        var path = ReadJsonPath(ref reader);
        reader.SkipBlanks();
        return new Field(name, path);
    }

    /// <summary>Reads <c>(-&gt;|-&gt;&gt;)(key|index)</c> steps; empty when none follow.</summary>
    public static ValueList<JsonPathStep> ReadJsonPath(ref SpanReader reader)
    {
        if (!reader.StartsWith("->"))
        {
            return ValueList<JsonPathStep>.Empty;
        }

        var steps = new List<JsonPathStep>(2);
        while (reader.StartsWith("->"))
        {
            if (steps.Count == RestLimits.MaxJsonPathSteps)
            {
                throw new Errors.RestException(Errors.RestErrors.LimitExceeded("JSON path length", steps.Count + 1, RestLimits.MaxJsonPathSteps));
            }

            var arrow = reader.StartsWith("->>") ? JsonArrow.Text : JsonArrow.Json;
            reader.Advance(arrow == JsonArrow.Text ? 3 : 2);
            steps.Add(TryReadIndex(ref reader, arrow) ?? ReadKey(ref reader, arrow));
        }

        return ValueList.From(steps);
    }

    /// <summary>
    /// An index is <c>-?[0-9]+</c> followed by something that ends a path step. PostgREST omits
    /// <c>)</c> from the terminators, turning <c>rel(data-&gt;0)</c> into key "0"; we accept it.
    /// </summary>
    private static JsonPathStep? TryReadIndex(ref SpanReader reader, JsonArrow arrow)
    {
        var start = reader.Position;
        var digitsStart = reader.Current == '-' ? start + 1 : start;
        var end = digitsStart;
        while (char.IsAsciiDigit(reader.PeekAt(end - start)))
        {
            end++;
        }

        if (end == digitsStart)
        {
            if (digitsStart != start)
            {
                // "->-x": a dash after an arrow can only start a negative index.
                reader.Advance(1);
                throw reader.Unexpected("digit");
            }

            return null;
        }

        var next = reader.PeekAt(end - start);
        var after = reader.PeekAt(end - start + 1);
        var terminated = next is '\0' or '.' or ',' or ')' or ' ' or '\t'
            || (next == '-' && after == '>')
            || (next == ':' && after == ':');
        if (!terminated)
        {
            if (digitsStart != start)
            {
                reader.Advance(end - start);
                throw reader.Unexpected("digit, \"->\", \"::\", \".\", \",\" or end of input");
            }

            return null;
        }

        if (!int.TryParse(reader.Slice(start, end), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            throw reader.FailAt(start, "JSON array index out of range");
        }

        reader.Advance(end - start);
        return JsonPathStep.ForIndex(arrow, index);
    }

    private static JsonPathStep ReadKey(ref SpanReader reader, JsonArrow arrow)
    {
        var start = reader.Position;
        string key;
        if (reader.Current == '"')
        {
            key = ReadQuoted(ref reader);
        }
        else
        {
            key = ReadDashed(ref reader, isKey: true);
            if (key.Length == 0)
            {
                throw reader.Unexpected("JSON key (any character except .,>() and leading -) or array index");
            }
        }

        CheckLength(ref reader, start, key);
        return JsonPathStep.ForKey(arrow, key);
    }

    /// <summary>Identifier parts separated by single dashes that do not begin an arrow; parts trimmed.</summary>
    private static string ReadDashed(ref SpanReader reader, bool isKey)
    {
        var first = ReadPart(ref reader, isKey);
        if (first.Length == 0 || reader.Current != '-' || reader.PeekAt(1) == '>')
        {
            return first;
        }

        var builder = new StringBuilder(first);
        while (reader.Current == '-' && reader.PeekAt(1) != '>' && !reader.AtEnd)
        {
            reader.Advance();
            var part = ReadPart(ref reader, isKey);
            if (part.Length == 0)
            {
                throw reader.Unexpected(isKey ? "JSON key" : FieldNameExpectation);
            }

            builder.Append('-').Append(part);
        }

        return builder.ToString();
    }

    private static string ReadPart(ref SpanReader reader, bool isKey)
    {
        var start = reader.Position;
        while (!reader.AtEnd && (isKey ? IsKeyChar(reader.Current) : IsIdentifierChar(reader.Current)))
        {
            reader.Advance();
        }

        return reader.Slice(start, reader.Position).Trim(' ').ToString();
    }

    /// <summary>JSON keys may hold anything but the chars that end a path step (PostgREST: noneOf "(-:.,&gt;)").</summary>
    private static bool IsKeyChar(char c) => c is not ('(' or '-' or ':' or '.' or ',' or '>' or ')');

    private static void CheckLength(ref SpanReader reader, int start, string name)
    {
        if (name.Length > RestLimits.MaxIdentifierLength)
        {
            throw reader.FailAt(start, $"identifier longer than {RestLimits.MaxIdentifierLength} characters");
        }
    }
}
