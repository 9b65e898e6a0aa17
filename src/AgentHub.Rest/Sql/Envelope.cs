namespace AgentHub.Rest.Sql;

/// <summary>
/// The outer SELECT every statement ends with: it aggregates the page <c>_t</c> into the body and
/// returns the fixed result columns (see <see cref="RequestStatement"/>). The body leaves Postgres as
/// UTF-8 bytes (bytea in binary format), so it is written to the response without decoding.
/// </summary>
internal static class Envelope
{
    private const string Settings =
        "nullif(current_setting('response.headers', true), '') AS pgrst_headers, nullif(current_setting('response.status', true), '') AS pgrst_status";

    /// <summary>
    /// PostgREST's CSV: a header line from the first row's keys, then each row's record text without
    /// its parentheses (Postgres record output quotes like CSV does).
    /// </summary>
    private const string Csv =
        "(coalesce((SELECT string_agg(k, ',') FROM (SELECT json_object_keys(row_to_json(h)) AS k FROM (SELECT * FROM pgrst_page LIMIT 1) AS h) AS hk), '') "
        + "|| chr(10) || coalesce(string_agg(substring(_t::text, 2, length(_t::text) - 2), chr(10)), ''))";

    public static string Body(BodyKind kind, bool stripNulls, string? scalarColumn = null)
    {
        string Strip(string json) => stripNulls ? "json_strip_nulls(" + json + ")" : json;
        return kind switch
        {
            BodyKind.Array => "coalesce(" + Strip("json_agg(_t)") + ", '[]')::text",
            BodyKind.Singular => "coalesce((" + Strip("json_agg(_t)") + "->0)::text, '')",
            BodyKind.Csv => Csv,
            BodyKind.Scalar => "coalesce((json_agg(_t." + scalarColumn + ")->0)::text, 'null')",
            BodyKind.Text => "coalesce(string_agg(_t." + scalarColumn + "::text, ''), '')",
            _ => "NULL::text",
        };
    }

    /// <summary><c>WITH [ctes,] pgrst_page AS (page) SELECT total, page, inserted, headers, status, body FROM pgrst_page _t</c>.</summary>
    public static string Wrap(string? ctes, string pageSql, string total, string inserted, string body) =>
        "WITH " + (ctes is null ? "" : ctes + ", ") + "pgrst_page AS (" + pageSql + ") "
        + "SELECT " + total + " AS pgrst_total, pg_catalog.count(*) AS pgrst_page, " + inserted + " AS pgrst_inserted, "
        + Settings + ", convert_to(" + body + ", 'UTF8') AS pgrst_body FROM pgrst_page AS _t";
}
