namespace AgentHub.Rest.Sql;

/// <summary>Server settings the SQL builder applies.</summary>
/// <param name="MaxRows">Cap on rows of a top-level read (Supabase's <c>max_rows</c>, 1000); null for none.</param>
internal sealed record BuildOptions(long? MaxRows = 1000)
{
    public static BuildOptions Default { get; } = new();
}
