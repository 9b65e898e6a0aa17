using System.Text;

namespace AgentHub.Cdc;

/// <summary>
/// Reads PostgreSQL's composite (row) text form <c>(1,"a b",,t)</c> as <c>record_in</c> does: an
/// empty unquoted field is NULL, <c>""</c> inside quotes is a quote, backslash escapes the next char.
/// </summary>
internal static class PgRecordText
{
    public static bool TryParse(string text, out List<string?> fields)
    {
        fields = [];
        var s = text.AsSpan().Trim();
        if (s.Length < 2 || s[0] != '(' || s[^1] != ')') return false;
        var sb = new StringBuilder();
        var i = 1;
        while (true)
        {
            sb.Clear();
            var quotedOrEscaped = false;
            var inQuotes = false;
            for (; i < s.Length; i++)
            {
                var c = s[i];
                if (inQuotes)
                {
                    if (c == '"' && i + 1 < s.Length && s[i + 1] == '"')
                    {
                        sb.Append('"');
                        i++;
                    }
                    else if (c == '"') inQuotes = false;
                    else if (c == '\\' && i + 1 < s.Length) sb.Append(s[++i]);
                    else sb.Append(c);
                    continue;
                }
                if (c == ',' || c == ')') break;
                if (c == '"')
                {
                    inQuotes = quotedOrEscaped = true;
                }
                else if (c == '\\' && i + 1 < s.Length)
                {
                    sb.Append(s[++i]);
                    quotedOrEscaped = true;
                }
                else
                {
                    sb.Append(c);
                }
            }
            if (i >= s.Length) return false;
            fields.Add(sb.Length == 0 && !quotedOrEscaped ? null : sb.ToString());
            if (s[i] == ')') return i == s.Length - 1;
            i++;
        }
    }
}
