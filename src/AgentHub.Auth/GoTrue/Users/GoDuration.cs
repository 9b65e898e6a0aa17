using System.Globalization;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>
/// Go's <c>time.ParseDuration</c> syntax, which <c>ban_duration</c> uses: signed decimal numbers with
/// units (<c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>), e.g. <c>24h</c>, <c>1h30m</c>, <c>1.5h</c>.
/// </summary>
internal static class GoDuration
{
    public static bool TryParseSeconds(string text, out double seconds)
    {
        seconds = 0;
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.SequenceEqual("0")) return true;
        if (s.Length == 0) return false;

        while (s.Length > 0)
        {
            var numberLength = s.IndexOfAnyExcept("0123456789.");
            if (numberLength <= 0) return false;
            if (!double.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return false;
            s = s[numberLength..];
            var unitLength = s.IndexOfAny("0123456789.");
            if (unitLength < 0) unitLength = s.Length;
            if (unitLength == 0) return false;
            var unit = s[..unitLength].ToString() switch
            {
                "ns" => 1e-9,
                "us" or "µs" or "μs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => double.NaN,
            };
            if (double.IsNaN(unit)) return false;
            seconds += value * unit;
            s = s[unitLength..];
        }
        if (negative) seconds = -seconds;
        return true;
    }
}
