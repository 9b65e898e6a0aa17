using System.Text;

namespace AgentHub.Cdc;

/// <summary>One element of a parsed array literal: a value, NULL, or a nested dimension.</summary>
internal sealed class PgArrayItem
{
    public static readonly PgArrayItem NullItem = new(null, null);

    public PgArrayItem(string? text, List<PgArrayItem>? children)
    {
        Text = text;
        Children = children;
    }

    /// <summary>The element text; null for NULL or for a nested dimension.</summary>
    public string? Text { get; }

    /// <summary>The elements of a nested dimension.</summary>
    public List<PgArrayItem>? Children { get; }

    public bool IsNull => Text is null && Children is null;
}

/// <summary>
/// Reads PostgreSQL's array text form (<c>{1,2,NULL}</c>, <c>{{1,2},{3,4}}</c>,
/// <c>[0:1]={"a b","c\"d"}</c>) the way <c>array_in</c> does: quoted elements with backslash escapes,
/// unquoted elements trimmed, unquoted <c>NULL</c> as SQL NULL.
/// </summary>
internal static class PgArrayText
{
    public static bool TryParse(string text, char delimiter, out List<PgArrayItem> items)
    {
        items = [];
        var i = 0;
        SkipSpace(text, ref i);
        if (i < text.Length && text[i] == '[')
        {
            // Dimension decoration for non-default lower bounds: to_jsonb ignores the bounds too.
            var eq = text.IndexOf('=', i);
            if (eq < 0) return false;
            i = eq + 1;
            SkipSpace(text, ref i);
        }
        if (i >= text.Length || text[i] != '{') return false;
        if (!TryParseDimension(text, delimiter, ref i, out items)) return false;
        SkipSpace(text, ref i);
        return i == text.Length;
    }

    private static bool TryParseDimension(string s, char delimiter, ref int i, out List<PgArrayItem> items)
    {
        items = [];
        i++; // '{'
        SkipSpace(s, ref i);
        if (i < s.Length && s[i] == '}')
        {
            i++;
            return true;
        }
        while (i < s.Length)
        {
            SkipSpace(s, ref i);
            if (i >= s.Length) return false;
            if (s[i] == '{')
            {
                if (!TryParseDimension(s, delimiter, ref i, out var children)) return false;
                items.Add(new PgArrayItem(null, children));
            }
            else if (!TryParseElement(s, delimiter, ref i, out var element))
            {
                return false;
            }
            else
            {
                items.Add(element);
            }
            SkipSpace(s, ref i);
            if (i >= s.Length) return false;
            if (s[i] == '}')
            {
                i++;
                return true;
            }
            if (s[i] != delimiter) return false;
            i++;
        }
        return false;
    }

    private static bool TryParseElement(string s, char delimiter, ref int i, out PgArrayItem item)
    {
        var sb = new StringBuilder();
        var quoted = false;
        var escaped = false;
        var inQuotes = false;
        var trailingSpaceStart = -1;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (inQuotes)
            {
                if (c == '\\' && i + 1 < s.Length) sb.Append(s[++i]);
                else if (c == '"') inQuotes = false;
                else sb.Append(c);
                continue;
            }
            if (c == delimiter || c == '}') break;
            if (c == '"')
            {
                inQuotes = quoted = true;
                trailingSpaceStart = -1;
                continue;
            }
            if (c == '\\' && i + 1 < s.Length)
            {
                sb.Append(s[++i]);
                escaped = true;
                trailingSpaceStart = -1;
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (trailingSpaceStart < 0) trailingSpaceStart = sb.Length;
            }
            else
            {
                trailingSpaceStart = -1;
            }
            sb.Append(c);
        }
        if (inQuotes)
        {
            item = PgArrayItem.NullItem;
            return false;
        }
        if (trailingSpaceStart >= 0) sb.Length = trailingSpaceStart;
        var text = sb.ToString();
        item = !quoted && !escaped && text.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? PgArrayItem.NullItem : new PgArrayItem(text, null);
        return true;
    }

    private static void SkipSpace(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
    }
}
