namespace AgentHub.Rest;

/// <summary>
/// Named limits the request parser enforces (PGRST100 when exceeded, see
/// <see cref="Errors.RestErrors.LimitExceeded"/>). They bound work and recursion per request; none of
/// them is reachable by supabase-js's normal output.
/// </summary>
/// <remarks>
/// Sizes are in UTF-16 chars of the decoded query string. supabase-js warns at 8000-char URLs but
/// apps do send long <c>in.(...)</c> lists (1000 UUIDs is ~37k chars), so the value limits are
/// generous and the structural limits (depth, counts) are what protect the server.
/// </remarks>
internal static class RestLimits
{
    /// <summary>Sum of decoded key and value lengths of all query parameters (64 Ki chars).</summary>
    public const int MaxQueryStringLength = 65_536;

    /// <summary>Number of query parameters (repeated keys count once per occurrence).</summary>
    public const int MaxParameterCount = 512;

    /// <summary>Length of one parameter value, e.g. a filter value or an <c>in</c> list (48 Ki chars).</summary>
    public const int MaxValueLength = 49_152;

    /// <summary>Length of one identifier (column, relation, alias, hint, cast type, JSON key).</summary>
    /// <remarks>Postgres truncates names at 63 bytes; this is only a sanity bound, not that rule.</remarks>
    public const int MaxIdentifierLength = 256;

    /// <summary>Filter conditions (leaves) across all filter parameters and logic trees.</summary>
    public const int MaxFilterCount = 256;

    /// <summary>Items in one <c>in.(...)</c> list (room for large id lists, bounded for SQL size).</summary>
    public const int MaxInListItems = 10_000;

    /// <summary>Nesting of <c>and(...)</c>/<c>or(...)</c> inside one logic parameter.</summary>
    public const int MaxLogicDepth = 16;

    /// <summary>Nesting of embedded resources in <c>select</c> (the root is depth 0).</summary>
    public const int MaxSelectDepth = 16;

    /// <summary>Select items (columns, stars, aggregates, embeds) across the whole select tree.</summary>
    public const int MaxSelectItems = 1_024;

    /// <summary>Steps in one JSON path (<c>a-&gt;b-&gt;&gt;c</c> has two).</summary>
    public const int MaxJsonPathSteps = 32;

    /// <summary>Terms in one <c>order</c> parameter.</summary>
    public const int MaxOrderTerms = 64;

    /// <summary>Names in <c>columns</c> or <c>on_conflict</c>; Postgres tables have at most 1600 columns.</summary>
    public const int MaxColumns = 1_600;

    /// <summary>Length of one request header this layer reads (Prefer, Accept, profiles, Range).</summary>
    public const int MaxHeaderLength = 8_192;
}
