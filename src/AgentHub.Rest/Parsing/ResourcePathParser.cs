using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Splits the part of the URL path after <c>/rest/v1/</c> into the target (data-api.md §1):
/// <c>T</c> (table or view), <c>rpc/f</c> (function) or empty (root). Anything deeper is PGRST125.
/// </summary>
internal static class ResourcePathParser
{
    /// <param name="path">Percent-decoded path below the API prefix, with or without a leading slash.</param>
    public static RestTarget Parse(string path)
    {
        var span = path.AsSpan();
        if (span.StartsWith('/'))
        {
            span = span[1..];
        }

        if (span.IsEmpty)
        {
            return RestTarget.Root;
        }

        var slash = span.IndexOf('/');
        if (slash < 0)
        {
            return RestTarget.Relation(span.ToString());
        }

        var rest = span[(slash + 1)..];
        if (span[..slash] is "rpc" && rest.Length > 0 && !rest.Contains('/'))
        {
            return RestTarget.Function(rest.ToString());
        }

        throw new RestException(RestErrors.InvalidResourcePath());
    }
}
