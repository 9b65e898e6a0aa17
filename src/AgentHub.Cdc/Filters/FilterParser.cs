using System.Text;
using System.Text.RegularExpressions;

namespace AgentHub.Cdc;

/// <summary>
/// Parses the filter grammar of docs/realtime-protocol.md §6.4: <c>column=[not.]op.value</c> segments
/// joined by <c>,</c> (AND); commas inside parentheses or double quotes do not split; values may be
/// PostgREST-quoted with <c>\"</c> and <c>\\</c> escapes; <c>in.(…)</c> lists read like array literals.
/// </summary>
internal static class FilterParser
{
    /// <summary>User regular expressions get this long per evaluation; a runaway pattern then simply does not match.</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    public static List<FilterCondition> Parse(string filter)
    {
        if (filter.Length > CdcLimits.MaxFilterLength) throw ChangeFilterException.Syntax($"filter longer than {CdcLimits.MaxFilterLength} characters");
        var conditions = new List<FilterCondition>();
        if (string.IsNullOrWhiteSpace(filter)) return conditions;
        foreach (var segment in Split(filter))
        {
            if (segment.Length == 0) throw ChangeFilterException.Syntax($"empty condition in \"{filter}\"");
            conditions.Add(ParseSegment(segment));
        }
        return conditions;
    }

    private static List<string> Split(string filter)
    {
        var parts = new List<string>();
        var depth = 0;
        var inQuotes = false;
        var start = 0;
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (inQuotes)
            {
                if (c == '\\') i++;
                else if (c == '"') inQuotes = false;
                continue;
            }
            switch (c)
            {
                case '"': inQuotes = true; break;
                case '(': depth++; break;
                case ')': depth = Math.Max(0, depth - 1); break;
                case ',' when depth == 0:
                    parts.Add(filter[start..i]);
                    start = i + 1;
                    break;
            }
        }
        if (inQuotes) throw ChangeFilterException.Syntax($"unterminated quote in \"{filter}\"");
        parts.Add(filter[start..]);
        return parts;
    }

    private static FilterCondition ParseSegment(string segment)
    {
        var eq = segment.IndexOf('=');
        if (eq <= 0) throw ChangeFilterException.Syntax($"expected column=operator.value in \"{segment}\"");
        var column = segment[..eq];
        var rest = segment[(eq + 1)..];
        var negated = rest.StartsWith("not.", StringComparison.Ordinal);
        if (negated) rest = rest[4..];
        var dot = rest.IndexOf('.');
        if (dot < 0) throw ChangeFilterException.Syntax($"expected operator.value after \"{column}=\" in \"{segment}\"");
        var opName = rest[..dot];
        var raw = rest[(dot + 1)..];
        if (!FilterOperators.TryParse(opName, out var op)) throw ChangeFilterException.Syntax($"unknown operator \"{opName}\" in \"{segment}\"");

        switch (op)
        {
            case FilterOperator.In:
                return new FilterCondition(column, op, negated, raw, ParseList(raw, segment), null);
            case FilterOperator.Is:
                var keyword = raw.ToLowerInvariant();
                if (keyword is not ("null" or "true" or "false" or "unknown"))
                {
                    throw ChangeFilterException.Syntax($"\"is\" takes null, true, false or unknown, not \"{raw}\", in \"{segment}\"");
                }
                return new FilterCondition(column, op, negated, keyword, null, null);
            case FilterOperator.Like or FilterOperator.ILike:
                var likeValue = Unquote(raw, segment);
                return new FilterCondition(column, op, negated, likeValue, null, LikeToRegex(likeValue, op == FilterOperator.ILike));
            case FilterOperator.Match or FilterOperator.IMatch:
                var pattern = Unquote(raw, segment);
                return new FilterCondition(column, op, negated, pattern, null, CompileRegex(pattern, op == FilterOperator.IMatch, segment));
            default:
                return new FilterCondition(column, op, negated, Unquote(raw, segment), null, null);
        }
    }

    private static List<PgArrayItem> ParseList(string raw, string segment)
    {
        if (raw.Length < 2 || raw[0] != '(' || raw[^1] != ')')
        {
            throw ChangeFilterException.Syntax($"\"in\" needs a parenthesized list like in.(1,2,3) in \"{segment}\"");
        }
        // Supabase casts "{" + inner + "}" to the column's array type, so the list reads like an array literal.
        if (!PgArrayText.TryParse("{" + raw[1..^1] + "}", ',', out var items) || items.Any(i => i.Children is not null))
        {
            throw ChangeFilterException.Syntax($"malformed list {raw} in \"{segment}\"");
        }
        if (items.Count > CdcLimits.MaxInFilterValues)
        {
            throw new ChangeFilterException($"too many values for `in` filter. Maximum {CdcLimits.MaxInFilterValues}");
        }
        return items;
    }

    /// <summary>Removes PostgREST double quotes (with <c>\"</c> and <c>\\</c> escapes); an unquoted value is taken as it is.</summary>
    internal static string Unquote(string raw, string segment)
    {
        if (raw.Length == 0 || raw[0] != '"') return raw;
        var sb = new StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                sb.Append(raw[++i]);
            }
            else if (c == '"')
            {
                if (i != raw.Length - 1) throw ChangeFilterException.Syntax($"unexpected text after the closing quote in \"{segment}\"");
                return sb.ToString();
            }
            else
            {
                sb.Append(c);
            }
        }
        throw ChangeFilterException.Syntax($"unterminated quote in \"{segment}\"");
    }

    /// <summary>SQL LIKE (escape character <c>\</c>) as an anchored regular expression.</summary>
    internal static Regex LikeToRegex(string pattern, bool ignoreCase)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) sb.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '%') sb.Append(".*");
            else if (c == '_') sb.Append('.');
            else sb.Append(Regex.Escape(c.ToString()));
        }
        sb.Append('$');
        // Non-backtracking: a LIKE pattern never needs backtracking, and it keeps evaluation linear.
        var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | (ignoreCase ? RegexOptions.IgnoreCase : 0);
        return new Regex(sb.ToString(), options);
    }

    private static Regex CompileRegex(string pattern, bool ignoreCase, string segment)
    {
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : 0);
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            // Backreferences and lookarounds need the backtracking engine; the timeout bounds it.
        }
        catch (ArgumentException e)
        {
            throw ChangeFilterException.Syntax($"invalid regular expression in \"{segment}\": {e.Message}");
        }
        try
        {
            return new Regex(pattern, options, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw ChangeFilterException.Syntax($"invalid regular expression in \"{segment}\": {e.Message}");
        }
    }
}
