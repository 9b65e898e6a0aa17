namespace AgentHub.Rest.Schema;

/// <summary>One column of a table or view, as the schema cache knows it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">SQL type as <c>format_type</c> renders it with an empty search path (schema-qualified
/// unless in pg_catalog), so it can be written into SQL verbatim.</param>
/// <param name="BaseTypeName">The base type's <c>typname</c> (domains resolved), e.g. <c>jsonb</c>, <c>tsvector</c>, <c>_text</c>.</param>
/// <param name="Nullable">Whether NULL is allowed.</param>
/// <param name="DefaultSql">The default expression (identity columns: their <c>nextval</c>), qualified; null when none.</param>
/// <param name="IsGenerated">A stored generated column, which cannot be written.</param>
internal sealed record ColumnInfo(string Name, string Type, string BaseTypeName, bool Nullable = true, string? DefaultSql = null, bool IsGenerated = false)
{
    /// <summary>JSON paths apply to the value directly (other types go through <c>to_jsonb</c>).</summary>
    public bool IsJson => BaseTypeName is "json" or "jsonb";

    public bool IsTsVector => BaseTypeName == "tsvector";
}
