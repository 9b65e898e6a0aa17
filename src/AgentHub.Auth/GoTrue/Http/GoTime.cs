using System.Globalization;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>
/// Timestamps as GoTrue writes them: Go's RFC 3339 with nanoseconds, trailing zeros of the fraction
/// dropped (<c>2025-01-01T10:00:00.12345Z</c>), always in UTC. PostgreSQL keeps microseconds, so at
/// most six digits remain.
/// </summary>
internal static class GoTime
{
    public static string Format(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.');
        return text + "Z";
    }
}
