using System.Globalization;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Decodes media types (PostgREST <c>MediaType.decodeMediaType</c>) and negotiates <c>Accept</c>
/// against what a request can produce (data-api.md §12).
/// </summary>
internal static class MediaTypeParser
{
    /// <summary>
    /// Picks the response media type: Accept ranges ordered by q (then specificity, then position),
    /// q=0 dropped; the first one <paramref name="offered"/> contains wins, <c>*/*</c> meaning the first
    /// offered. An absent or blank header means <c>*/*</c>.
    /// </summary>
    /// <exception cref="RestException">PGRST107 when nothing acceptable is offered.</exception>
    public static MediaType Negotiate(string? accept, IReadOnlyList<MediaType> offered)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return offered[0];
        }

        var candidates = ParseAccept(accept);
        foreach (var candidate in candidates)
        {
            if (Match(candidate, offered) is { } chosen)
            {
                return chosen;
            }
        }

        throw new RestException(RestErrors.UnacceptableMediaType(candidates.Select(static c => c.ToString())));
    }

    /// <summary>Decodes a <c>Content-Type</c>; absent means JSON (PostgREST's default payload type).</summary>
    public static MediaType ParseContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return MediaType.Json;
        }

        var comma = contentType.IndexOf(',');
        return Decode(comma < 0 ? contentType : contentType[..comma]);
    }

    /// <summary>Accept ranges in preference order, q=0 dropped.</summary>
    public static List<MediaType> ParseAccept(string accept)
    {
        var ranked = new List<(MediaType Type, double Quality, int Specificity, int Position)>();
        var position = 0;
        foreach (var range in accept.AsSpan().Split(','))
        {
            var text = accept.AsSpan()[range].Trim();
            if (text.IsEmpty)
            {
                continue;
            }

            var quality = ReadQuality(text);
            if (quality <= 0)
            {
                continue;
            }

            var type = Decode(text.ToString());
            var specificity = type.Kind == MediaKind.Any ? (type.Mime == "*/*" ? 0 : 1) : 2;
            ranked.Add((type, quality, specificity, position++));
        }

        ranked.Sort(static (a, b) =>
            a.Quality != b.Quality ? b.Quality.CompareTo(a.Quality)
            : a.Specificity != b.Specificity ? b.Specificity.CompareTo(a.Specificity)
            : a.Position.CompareTo(b.Position));
        return ranked.ConvertAll(static r => r.Type);
    }

    /// <summary>Decodes one media range; parameters other than <c>nulls</c>, <c>for</c>, <c>options</c> are ignored.</summary>
    public static MediaType Decode(string text)
    {
        var parts = text.Split(';', StringSplitOptions.TrimEntries);
        var mime = parts[0].ToLowerInvariant();
        var stripNulls = parts.Skip(1).Any(static p => p.Equals("nulls=stripped", StringComparison.OrdinalIgnoreCase));
        return mime switch
        {
            "application/json" => MediaType.Json,
            "application/vnd.pgrst.array+json" or "application/vnd.pgrst.array" =>
                stripNulls ? new MediaType(MediaKind.Json, "application/vnd.pgrst.array+json", StripNulls: true) : MediaType.Json,
            "application/vnd.pgrst.object+json" or "application/vnd.pgrst.object" =>
                stripNulls ? MediaType.SingularJson with { StripNulls = true } : MediaType.SingularJson,
            "text/csv" => MediaType.Csv,
            "application/geo+json" => MediaType.GeoJson,
            "text/plain" => MediaType.TextPlain,
            "text/xml" => MediaType.TextXml,
            "application/octet-stream" => MediaType.OctetStream,
            "application/openapi+json" => new MediaType(MediaKind.OpenApi, mime),
            "application/x-www-form-urlencoded" => new MediaType(MediaKind.FormUrlEncoded, mime),
            "application/vnd.pgrst.plan" or "application/vnd.pgrst.plan+text" => DecodePlan(mime, PlanFormat.Text, parts),
            "application/vnd.pgrst.plan+json" => DecodePlan(mime, PlanFormat.Json, parts),
            "*/*" => MediaType.Any,
            _ when mime.EndsWith("/*", StringComparison.Ordinal) => new MediaType(MediaKind.Any, mime),
            _ => new MediaType(MediaKind.Other, mime),
        };
    }

    private static MediaType DecodePlan(string mime, PlanFormat format, string[] parts)
    {
        var forKind = MediaKind.Json;
        var options = PlanOptions.None;
        foreach (var part in parts.AsSpan(1))
        {
            if (part.StartsWith("for=", StringComparison.OrdinalIgnoreCase))
            {
                forKind = Decode(part[4..].Trim('"')).Kind;
            }
            else if (part.StartsWith("options=", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var option in part[8..].Split('|', StringSplitOptions.TrimEntries))
                {
                    options |= option switch
                    {
                        "analyze" => PlanOptions.Analyze,
                        "verbose" => PlanOptions.Verbose,
                        "settings" => PlanOptions.Settings,
                        "buffers" => PlanOptions.Buffers,
                        "wal" => PlanOptions.Wal,
                        _ => PlanOptions.None,
                    };
                }
            }
        }

        return new MediaType(MediaKind.Plan, mime, Plan: new PlanMedia(format, forKind, options));
    }

    private static MediaType? Match(MediaType candidate, IReadOnlyList<MediaType> offered)
    {
        if (candidate.Kind == MediaKind.Any)
        {
            if (candidate.Mime == "*/*")
            {
                return offered[0];
            }

            var prefix = candidate.Mime[..^1];
            return offered.FirstOrDefault(o => o.Mime.StartsWith(prefix, StringComparison.Ordinal));
        }

        foreach (var type in offered)
        {
            if (type.Kind == candidate.Kind && (candidate.Kind != MediaKind.Other || type.Mime == candidate.Mime))
            {
                // The offer is the capability; the candidate carries the request's parameters.
                return candidate;
            }
        }

        return null;
    }

    private static double ReadQuality(ReadOnlySpan<char> range)
    {
        foreach (var part in range.Split(';'))
        {
            var p = range[part].Trim();
            if (p.StartsWith("q=", StringComparison.OrdinalIgnoreCase))
            {
                return double.TryParse(p[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q) ? q : 1;
            }
        }

        return 1;
    }
}
