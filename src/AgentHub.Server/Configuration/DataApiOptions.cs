namespace AgentHub.Server.Configuration;

/// <summary>The PostgREST-compatible data API under <c>/rest/v1</c>.</summary>
public sealed class DataApiOptions
{
    /// <summary>
    /// Schemas the API exposes, comma-separated; the first is the default and the others are chosen with
    /// Accept-Profile / Content-Profile (PGRST_DB_SCHEMAS). The agent kit lives in <c>agenthub</c>.
    /// </summary>
    public string Schemas { get; set; } = "public,graphql_public,agenthub";

    /// <summary>Most rows a read returns, like Supabase's max_rows; 0 for no cap (PGRST_DB_MAX_ROWS).</summary>
    public long MaxRows { get; set; } = 1000;

    /// <summary>Largest request body accepted; larger ones get 413 (AGENTHUB__Rest__MaxBodyBytes).</summary>
    public int MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The exposed schemas as a list.</summary>
    public IReadOnlyList<string> SchemaList() =>
        Schemas.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal IEnumerable<string> Validate()
    {
        var schemas = SchemaList();
        if (schemas.Count == 0) yield return "AgentHub:Rest:Schemas must name at least one schema.";
        foreach (var schema in schemas)
        {
            // Names are checked against the catalog later; here only their shape, so a typo fails at start.
            if (schema.Length > 63 || schema.Any(c => char.IsControl(c) || c == '"'))
                yield return $"AgentHub:Rest:Schemas has an invalid schema name '{schema}'.";
        }

        if (schemas.Distinct(StringComparer.Ordinal).Count() != schemas.Count) yield return "AgentHub:Rest:Schemas lists a schema twice.";
        if (MaxRows < 0) yield return $"AgentHub:Rest:MaxRows must be 0 (no cap) or positive, got {MaxRows}.";
        if (MaxBodyBytes is < 1024 or > 1024 * 1024 * 1024) yield return $"AgentHub:Rest:MaxBodyBytes must be between 1024 and 1073741824, got {MaxBodyBytes}.";
    }
}
