using System.Text;

namespace AgentHub.Cdc;

/// <summary>
/// Number texts as <c>to_jsonb</c> prints them: PostgreSQL turns a float's or numeric's output into a
/// jsonb numeric through <c>numeric_in</c>, so exponent forms are expanded (<c>1e+20</c> becomes
/// <c>100000000000000000000</c>, <c>1.5e-07</c> becomes <c>0.00000015</c>), <c>-0</c> becomes
/// <c>0</c>, and NaN or infinities stay strings.
/// </summary>
internal static class PgNumberText
{
    /// <summary>The JSON number for a float/numeric output text, or null when it must be a string (NaN, Infinity).</summary>
    public static string? ToJsonNumber(string text)
    {
        if (text.AsSpan().IndexOfAny('N', 'n') >= 0) return null;
        var expanded = text.AsSpan().IndexOfAny('e', 'E') >= 0 ? ExpandExponent(text) : text;
        return IsNegativeZero(expanded) ? expanded[1..] : expanded;
    }

    private static bool IsNegativeZero(string s) => s.Length > 1 && s[0] == '-' && s.AsSpan(1).IndexOfAnyExcept('0', '.') < 0;

    /// <summary>Plain decimal notation with numeric_in's scale: digits after the point = max(0, fraction digits − exponent).</summary>
    internal static string ExpandExponent(string text)
    {
        var s = text.AsSpan().Trim();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        var e = s.IndexOfAny('e', 'E');
        var mantissa = s[..e];
        var exponent = int.Parse(s[(e + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var integerPart = point < 0 ? mantissa : mantissa[..point];
        var fractionPart = point < 0 ? [] : mantissa[(point + 1)..];
        var digits = string.Concat(integerPart, fractionPart);
        var pointPos = integerPart.Length + exponent;

        var sb = new StringBuilder(digits.Length + Math.Abs(exponent) + 3);
        if (negative) sb.Append('-');
        if (pointPos <= 0)
        {
            sb.Append("0.").Append('0', -pointPos).Append(digits);
        }
        else if (pointPos >= digits.Length)
        {
            AppendInteger(sb, digits).Append('0', pointPos - digits.Length);
        }
        else
        {
            AppendInteger(sb, digits[..pointPos]).Append('.').Append(digits, pointPos, digits.Length - pointPos);
        }
        return sb.ToString();

        static StringBuilder AppendInteger(StringBuilder sb, string digits)
        {
            var firstNonZero = digits.AsSpan().IndexOfAnyExcept('0');
            return firstNonZero < 0 ? sb.Append('0') : sb.Append(digits, firstNonZero, digits.Length - firstNonZero);
        }
    }
}
