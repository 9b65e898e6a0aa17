using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>
/// The one statement a request runs, and what the executor needs to turn its result row into a
/// response. Every statement returns one row: <c>pgrst_total</c> (count or null), <c>pgrst_page</c>
/// (rows in the page / affected), <c>pgrst_inserted</c> (upserts), <c>pgrst_headers</c> and
/// <c>pgrst_status</c> (the <c>response.*</c> settings) and <c>pgrst_body</c>.
/// </summary>
/// <param name="Sql">The statement; identifiers come from the schema cache, every value is a parameter.</param>
/// <param name="Parameters">Its parameters, in <c>$n</c> order.</param>
/// <param name="Kind">Request kind.</param>
/// <param name="Body">What <c>pgrst_body</c> holds.</param>
/// <param name="ReadOnly">Whether the transaction is READ ONLY.</param>
/// <param name="PlanSql">For <c>count=planned|estimated</c>: an EXPLAIN of the count query, same parameters.</param>
/// <param name="Offset">The root page's offset (for Content-Range).</param>
/// <param name="Table">The written table (for Location).</param>
/// <param name="LocationColumns">Primary-key columns selected into the body for <c>return=headers-only</c>.</param>
/// <param name="Settings">Function-level settings to apply in the transaction.</param>
internal sealed record RequestStatement(
    string Sql,
    IReadOnlyList<SqlParameter> Parameters,
    StatementKind Kind,
    BodyKind Body,
    bool ReadOnly,
    string? PlanSql = null,
    long Offset = 0,
    TableInfo? Table = null,
    IReadOnlyList<string>? LocationColumns = null,
    IReadOnlyList<KeyValuePair<string, string>>? Settings = null)
{
    /// <summary>Debug rendering for golden tests: the SQL, then one parameter per line.</summary>
    public override string ToString() =>
        Sql + string.Concat(Parameters.Select((p, i) => $"\n${i + 1} = {p}"));
}
