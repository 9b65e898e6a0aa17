using System.Globalization;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// <c>limit</c>/<c>offset</c> values and the <c>Range</c>/<c>Range-Unit</c> headers (data-api.md §8).
/// </summary>
internal static class RangeParser
{
    /// <summary>Parses a <c>limit</c> value: a non-negative integer.</summary>
    /// <remarks>
    /// PostgREST silently ignores a non-numeric limit; we answer PGRST100 instead, because a typo
    /// that quietly returns every row is worse than an error. supabase-js only sends integers.
    /// </remarks>
    public static long ParseLimit(string value) => ParseCount(value, "limit", RestErrors.NegativeLimit);

    /// <summary>Parses an <c>offset</c> value: a non-negative integer.</summary>
    public static long ParseOffset(string value) => ParseCount(value, "offset", RestErrors.NegativeOffset);

    /// <summary>
    /// Parses <c>Range: first-[last]</c> (an <c>items=</c> prefix is tolerated). A header that does not
    /// match is ignored, as in PostgREST; so is one whose <c>Range-Unit</c> is not <c>items</c>
    /// (RFC 9110: unknown range units are ignored). <c>last &lt; first</c> is a 416.
    /// </summary>
    /// <returns>The range, or <see cref="PageRange.All"/> when there is none to apply.</returns>
    public static PageRange ParseHeader(string? range, string? rangeUnit)
    {
        if (string.IsNullOrWhiteSpace(range))
        {
            return PageRange.All;
        }

        if (rangeUnit is not null && !rangeUnit.Trim().Equals("items", StringComparison.OrdinalIgnoreCase))
        {
            return PageRange.All;
        }

        var span = range.AsSpan().Trim();
        if (span.StartsWith("items=", StringComparison.OrdinalIgnoreCase))
        {
            span = span[6..];
        }

        var dash = span.IndexOf('-');
        if (dash <= 0 || !AllDigits(span[..dash]) || !AllDigits(span[(dash + 1)..])
            || !long.TryParse(span[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
        {
            return PageRange.All;
        }

        var lastText = span[(dash + 1)..];
        if (lastText.IsEmpty)
        {
            return new PageRange(first, null);
        }

        if (!long.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            return PageRange.All;
        }

        if (last < first)
        {
            throw new RestException(RestErrors.LowerGreaterThanUpper());
        }

        return new PageRange(first, last == long.MaxValue ? null : last - first + 1);
    }

    private static long ParseCount(string value, string parameter, Func<RestError> negative)
    {
        var span = value.AsSpan().Trim(' ');
        if (long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number >= 0 ? number : throw new RestException(negative());
        }

        var reader = new SpanReader(value, parameter + " parameter");
        reader.SkipBlanks();
        reader.TryConsume('-');
        var digitsStart = reader.Position;
        while (char.IsAsciiDigit(reader.Current))
        {
            reader.Advance();
        }

        var sawDigits = reader.Position > digitsStart;
        throw sawDigits && (reader.AtEnd || reader.Current == ' ')
            ? reader.FailAt(0, "integer out of range")
            : reader.Unexpected(sawDigits ? "digit or end of input" : "digit");
    }

    private static bool AllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
