namespace AgentHub.Rest.Http;

/// <summary>Settings of the data API (PostgREST's db-schemas, db-extra-search-path, max-rows, ...).</summary>
internal sealed record RestOptions
{
    public static RestOptions Default { get; } = new();

    /// <summary>Schemas selectable by profile headers; the first is the default (Supabase: public, graphql_public).</summary>
    public IReadOnlyList<string> ExposedSchemas { get; init; } = ["public", "graphql_public"];

    /// <summary>Schemas searched after the request's schema (Supabase: public, extensions).</summary>
    public IReadOnlyList<string> ExtraSearchPath { get; init; } = ["public", "extensions"];

    /// <summary>Cap on rows of a top-level read (Supabase's max_rows, 1000); null for none (PostgREST's default).</summary>
    public long? MaxRows { get; init; } = 1000;

    /// <summary>Largest request body accepted (413 beyond it).</summary>
    public int MaxBodyBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>The role of requests without a token (PostgREST db-anon-role).</summary>
    public string AnonRole { get; init; } = "anon";
}
