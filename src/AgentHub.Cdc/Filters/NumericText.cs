using System.Text.RegularExpressions;

namespace AgentHub.Cdc;

/// <summary>
/// Exact comparison of numeric texts of any precision (PostgreSQL's numeric has up to 131072 digits;
/// decimal has 28), on a normalized form "[-]digits[.digits]" without redundant zeros.
/// NaN sorts above everything, like PostgreSQL; ±Infinity sort at the ends.
/// </summary>
internal static partial class NumericText
{
    private const string NaN = "NaN";
    private const string PositiveInfinity = "Infinity";
    private const string NegativeInfinity = "-Infinity";

    [GeneratedRegex(@"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>The normalized form, or null when <paramref name="text"/> is not a numeric literal.</summary>
    public static string? Normalize(string text)
    {
        var s = text.Trim();
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase)) return NaN;
        if (s.Equals("infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("+infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("inf", StringComparison.OrdinalIgnoreCase)) return PositiveInfinity;
        if (s.Equals("-infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("-inf", StringComparison.OrdinalIgnoreCase)) return NegativeInfinity;
        if (!NumberPattern().IsMatch(s)) return null;
        if (s.AsSpan().IndexOfAny('e', 'E') >= 0) s = PgNumberText.ExpandExponent(s);
        var negative = s[0] == '-';
        if (s[0] is '-' or '+') s = s[1..];
        var point = s.IndexOf('.');
        var integer = (point < 0 ? s : s[..point]).TrimStart('0');
        var fraction = point < 0 ? "" : s[(point + 1)..].TrimEnd('0');
        if (integer.Length == 0 && fraction.Length == 0) return "0";
        return (negative ? "-" : "") + (integer.Length == 0 ? "0" : integer) + (fraction.Length == 0 ? "" : "." + fraction);
    }

    /// <summary>Compares two normalized texts.</summary>
    public static int Compare(string a, string b)
    {
        var ra = Rank(a);
        var rb = Rank(b);
        if (ra != 0 || rb != 0) return ra.CompareTo(rb);
        var negA = a[0] == '-';
        var negB = b[0] == '-';
        if (negA != negB) return negA ? -1 : 1;
        var magnitude = CompareMagnitude(negA ? a[1..] : a, negB ? b[1..] : b);
        return negA ? -magnitude : magnitude;
    }

    // NaN above +Infinity above every finite number above -Infinity.
    private static int Rank(string s) => s switch { NaN => 3, PositiveInfinity => 2, NegativeInfinity => -2, _ => 0 };

    private static int CompareMagnitude(string a, string b)
    {
        var pa = a.IndexOf('.');
        var pb = b.IndexOf('.');
        var ia = pa < 0 ? a : a[..pa];
        var ib = pb < 0 ? b : b[..pb];
        if (ia == "0") ia = "";
        if (ib == "0") ib = "";
        if (ia.Length != ib.Length) return ia.Length.CompareTo(ib.Length);
        var c = string.CompareOrdinal(ia, ib);
        if (c != 0) return Math.Sign(c);
        var fa = pa < 0 ? "" : a[(pa + 1)..];
        var fb = pb < 0 ? "" : b[(pb + 1)..];
        var length = Math.Max(fa.Length, fb.Length);
        return Math.Sign(string.CompareOrdinal(fa.PadRight(length, '0'), fb.PadRight(length, '0')));
    }
}
