using System.Text;

namespace AgentHub.Rest.Plan;

/// <summary>
/// Helpers for the stable debug rendering of plans (each record's <c>ToString</c>). The rendering is
/// a test and log format, not a wire format: golden tests assert on it, so change it deliberately.
/// </summary>
internal static class PlanText
{
    /// <summary>Bare when made of <c>[A-Za-z0-9_$]</c>, else double-quoted with <c>\</c> escapes.</summary>
    public static string Identifier(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
            {
                return Literal(name, '"');
            }
        }

        return name.Length == 0 ? "\"\"" : name;
    }

    /// <summary>Quotes <paramref name="value"/> with <paramref name="quote"/>, escaping it and backslashes.</summary>
    public static string Literal(string value, char quote = '"')
    {
        var builder = new StringBuilder(value.Length + 2).Append(quote);
        foreach (var c in value)
        {
            if (c == quote || c == '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append(quote).ToString();
    }
}
