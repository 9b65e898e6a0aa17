namespace AgentHub.Rest;

/// <summary>Server settings the parser needs (bound from the Rest section of the options tree).</summary>
internal sealed record RestParseOptions
{
    public static RestParseOptions Default { get; } = new();

    /// <summary>Schemas selectable by profile headers; the first is the default (Supabase: public, graphql_public).</summary>
    public IReadOnlyList<string> ExposedSchemas { get; init; } = ["public", "graphql_public"];

    /// <summary>Allow <c>count()</c>, <c>col.sum()</c> and friends (PostgREST <c>db-aggregates-enabled</c>, off).</summary>
    public bool AggregatesEnabled { get; init; }

    /// <summary>Offer <c>application/vnd.pgrst.plan</c> (PostgREST <c>db-plan-enabled</c>, off).</summary>
    public bool PlanEnabled { get; init; }

    /// <summary>Honour <c>Prefer: tx=commit|rollback</c> (PostgREST <c>db-tx-end</c> *-allow-override, off).</summary>
    public bool AllowTransactionOverride { get; init; }

    /// <summary>
    /// Query parameters consumed by the gateway rather than the data API. Supabase's gateway accepts
    /// the key as <c>?apikey=</c> and hides it from PostgREST; without this it would parse as a filter.
    /// </summary>
    public IReadOnlySet<string> IgnoredParameters { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "apikey" };
}
