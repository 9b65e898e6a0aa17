namespace AgentHub.Rest.Sql;

/// <summary>The clauses of one query level, kept apart so the count query can reuse FROM and WHERE.</summary>
internal sealed record NodeParts(string Select, string From, string CountFrom, string? Where, string? OrderBy, string? Limit)
{
    public string ToSql() =>
        "SELECT " + Select + " FROM " + From
        + (Where is null ? "" : " WHERE " + Where)
        + (OrderBy is null ? "" : " ORDER BY " + OrderBy)
        + (Limit is null ? "" : " " + Limit);

    /// <summary><c>SELECT count(*)</c> over the same rows, without page or embeds (they never filter: <c>!inner</c> is an EXISTS in WHERE).</summary>
    public string ToCountSql() => "SELECT pg_catalog.count(*) FROM " + CountFrom + (Where is null ? "" : " WHERE " + Where);
}
