using System.Text;

namespace AgentHub.Core.PostgresChanges;

/// <summary>
/// The one parser of the postgres_changes filter grammar (docs/realtime-protocol.md 6.4):
/// <c>column=[not.]op.value</c> segments joined by <c>,</c>, where commas inside <c>(…)</c> or
/// PostgREST double quotes (with <c>\"</c> and <c>\\</c> escapes) do not split. Its messages are
/// the ones clients see after <c>Error parsing `filter` params: </c>.
/// </summary>
/// <remarks>
/// The realtime engine checks filters with it at join time; change capture compiles the conditions it
/// returns (AgentHub.Cdc's FilterCompiler) and never parses the text again. It lives in AgentHub.Core
/// because both reference Core and neither should reference the other for a grammar: the channel
/// engine must not take on change capture's PostgreSQL layer, and change capture does not need the
/// channel engine. Type checks stay with change capture, which knows the columns.
/// </remarks>
internal static class PostgresChangesFilterParser
{
    private static readonly Dictionary<string, PostgresChangesFilterOperator> s_operators = new(StringComparer.Ordinal)
    {
        ["eq"] = PostgresChangesFilterOperator.Eq,
        ["neq"] = PostgresChangesFilterOperator.Neq,
        ["lt"] = PostgresChangesFilterOperator.Lt,
        ["lte"] = PostgresChangesFilterOperator.Lte,
        ["gt"] = PostgresChangesFilterOperator.Gt,
        ["gte"] = PostgresChangesFilterOperator.Gte,
        ["in"] = PostgresChangesFilterOperator.In,
        ["like"] = PostgresChangesFilterOperator.Like,
        ["ilike"] = PostgresChangesFilterOperator.Ilike,
        ["match"] = PostgresChangesFilterOperator.Match,
        ["imatch"] = PostgresChangesFilterOperator.Imatch,
        ["is"] = PostgresChangesFilterOperator.Is,
        ["isdistinct"] = PostgresChangesFilterOperator.IsDistinct,
    };

    private static readonly string[] s_isValues = ["null", "true", "false", "unknown"];

    public static bool TryParse(string text, out PostgresChangesFilter? filter, out string? error)
    {
        filter = null;
        if (!TrySplit(text, out var segments, out error))
        {
            return false;
        }

        var conditions = new List<PostgresChangesFilterCondition>(segments.Count);
        foreach (var segment in segments)
        {
            if (!TryParseCondition(segment, out var condition, out error))
            {
                return false;
            }

            conditions.Add(condition!);
        }

        filter = new PostgresChangesFilter(text, conditions);
        return true;
    }

    private static bool TryParseCondition(string segment, out PostgresChangesFilterCondition? condition, out string? error)
    {
        condition = null;
        error = null;
        var equals = segment.IndexOf('=');
        // Kept as written for the condition: change capture looks the column up verbatim, so " id" is
        // an unknown column there. Messages name it trimmed.
        var written = equals < 0 ? "" : segment[..equals];
        var column = written.Trim();
        if (column.Length == 0)
        {
            error = $"expected `column=operator.value`, got `{segment}`";
            return false;
        }

        var rest = segment[(equals + 1)..];
        var negated = rest.StartsWith("not.", StringComparison.Ordinal);
        if (negated)
        {
            rest = rest[4..];
        }

        var dot = rest.IndexOf('.');
        if (dot < 0)
        {
            error = $"expected `operator.value` after `{column}=`, got `{rest}`";
            return false;
        }

        if (!s_operators.TryGetValue(rest[..dot], out var op))
        {
            error = $"unknown operator `{rest[..dot]}` for column `{column}`";
            return false;
        }

        var raw = rest[(dot + 1)..];
        switch (op)
        {
            case PostgresChangesFilterOperator.In:
                if (!TryParseList(raw, out var values, out error))
                {
                    return false;
                }

                condition = new PostgresChangesFilterCondition(segment, written, op, negated, raw) { Values = values };
                return true;
            case PostgresChangesFilterOperator.Is:
                var keyword = raw.ToLowerInvariant();
                if (Array.IndexOf(s_isValues, keyword) < 0)
                {
                    error = $"`is` takes null, true, false or unknown, got `{raw}` for column `{column}`";
                    return false;
                }

                condition = new PostgresChangesFilterCondition(segment, written, op, negated, raw) { Value = keyword };
                return true;
            default:
                if (!TryUnquote(raw, out var value, out error))
                {
                    return false;
                }

                condition = new PostgresChangesFilterCondition(segment, written, op, negated, raw) { Value = value };
                return true;
        }
    }

    private static bool TryParseList(string raw, out IReadOnlyList<string>? values, out string? error)
    {
        values = null;
        if (raw.Length < 2 || raw[0] != '(' || raw[^1] != ')')
        {
            error = $"`in` needs a parenthesized list such as `in.(1,2,3)`, got `{raw}`";
            return false;
        }

        if (!TrySplit(raw[1..^1], out var items, out error))
        {
            return false;
        }

        if (items.Count > PostgresChangesFilter.MaxInValues)
        {
            error = $"`in` takes at most {PostgresChangesFilter.MaxInValues} values, got {items.Count}";
            return false;
        }

        var list = new string[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (!TryUnquote(items[i].Trim(), out var item, out error))
            {
                return false;
            }

            list[i] = item!;
        }

        values = list;
        return true;
    }

    /// <summary>Removes PostgREST quoting (<c>"…"</c> with <c>\"</c> and <c>\\</c>); unquoted text is returned as is.</summary>
    private static bool TryUnquote(string raw, out string? value, out string? error)
    {
        error = null;
        if (raw.Length == 0 || raw[0] != '"')
        {
            value = raw;
            return true;
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 1; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\' && i + 1 < raw.Length)
            {
                builder.Append(raw[++i]);
            }
            else if (c == '"')
            {
                if (i != raw.Length - 1)
                {
                    value = null;
                    error = $"unexpected text after the closing quote in `{raw}`";
                    return false;
                }

                value = builder.ToString();
                return true;
            }
            else
            {
                builder.Append(c);
            }
        }

        value = null;
        error = $"unterminated quoted value `{raw}`";
        return false;
    }

    /// <summary>Splits at top-level commas; an empty segment is an error.</summary>
    private static bool TrySplit(string text, out List<string> segments, out string? error)
    {
        segments = [];
        error = null;
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            switch (c)
            {
                case '"': quoted = true; break;
                case '(': depth++; break;
                case ')' when depth > 0: depth--; break;
                case ',' when depth == 0:
                    segments.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        if (quoted)
        {
            error = $"unterminated quoted value in `{text}`";
            return false;
        }

        if (depth != 0)
        {
            error = $"unbalanced parentheses in `{text}`";
            return false;
        }

        segments.Add(text[start..]);
        if (segments.Exists(s => s.Trim().Length == 0))
        {
            error = $"empty condition in `{text}`";
            return false;
        }

        return true;
    }
}
