namespace AgentHub.Cdc;

/// <summary>
/// Date and time texts. The replication session runs with <c>DateStyle=ISO</c> and
/// <c>TimeZone=UTC</c>, so values arrive as <c>2025-05-01 11:59:00.5+00</c>; <c>to_jsonb</c> prints
/// the XSD form <c>2025-05-01T11:59:00.5+00:00</c> (a <c>T</c>, and minutes always in the offset).
/// </summary>
internal static class PgDateTimeText
{
    /// <summary>The <c>to_jsonb</c> string of an ISO timestamp or timestamptz text.</summary>
    public static string ToJsonString(string iso, bool withTimeZone)
    {
        // infinity, -infinity
        if (iso.Length == 0 || !char.IsAsciiDigit(iso[0])) return iso;
        var bc = iso.EndsWith(" BC", StringComparison.Ordinal);
        var body = bc ? iso.AsSpan(0, iso.Length - 3) : iso.AsSpan();
        var space = body.IndexOf(' ');
        if (space < 0) return iso;

        Span<char> buffer = stackalloc char[body.Length + 6];
        body.CopyTo(buffer);
        buffer[space] = 'T';
        var length = body.Length;
        if (withTimeZone)
        {
            // The offset starts at the last sign after the time; "+HH" gains ":00", "+HH:MM[:SS]" stays.
            var sign = body[space..].LastIndexOfAny('+', '-');
            if (sign > 0 && body.Length - (space + sign) == 3)
            {
                ":00".CopyTo(buffer[length..]);
                length += 3;
            }
        }
        var result = new string(buffer[..length]);
        return bc ? result + " BC" : result;
    }

    /// <summary>
    /// Parses a date/timestamp text (PostgreSQL ISO output or an ISO 8601 literal) to UTC ticks for
    /// comparisons; ±infinity map to the extremes. A value without an offset is taken as UTC (the
    /// session time zone of the comparison). False for texts this cannot read (BC dates, for one).
    /// </summary>
    public static bool TryParseTicks(string text, PgTypeKind kind, out long ticks)
    {
        var s = text.AsSpan().Trim();
        if (s.Equals("infinity", StringComparison.OrdinalIgnoreCase) || s.Equals("+infinity", StringComparison.OrdinalIgnoreCase))
        {
            ticks = long.MaxValue;
            return true;
        }
        if (s.Equals("-infinity", StringComparison.OrdinalIgnoreCase))
        {
            ticks = long.MinValue;
            return true;
        }
        ticks = 0;
        if (s.EndsWith(" BC", StringComparison.OrdinalIgnoreCase)) return false;

        // .NET wants "+HH:MM"; PostgreSQL prints "+HH".
        var normalized = s.ToString();
        if (normalized.Length > 3 && (normalized[^3] == '+' || normalized[^3] == '-') && char.IsAsciiDigit(normalized[^2]) && char.IsAsciiDigit(normalized[^1])
            && normalized.IndexOf(':') >= 0)
        {
            normalized += ":00";
        }
        if (!DateTimeOffset.TryParse(normalized, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AllowWhiteSpaces, out var value))
        {
            return false;
        }
        ticks = kind switch
        {
            // A timestamp without time zone ignores any offset in the literal, as PostgreSQL's cast does.
            PgTypeKind.Timestamp => value.DateTime.Ticks,
            PgTypeKind.Date => value.DateTime.Date.Ticks,
            _ => value.UtcTicks,
        };
        return true;
    }
}
