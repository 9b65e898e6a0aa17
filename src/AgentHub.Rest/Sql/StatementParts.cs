using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>Pieces shared by the read, write and call builders.</summary>
internal static class StatementParts
{
    /// <summary>The addressed table or view; PGRST205 (with a "Perhaps you meant" hint) when unknown.</summary>
    public static TableInfo Table(SchemaSnapshot schema, string schemaName, string name) =>
        schema.Table(schemaName, name) ?? throw new RestException(SchemaErrors.TableNotFound(schemaName, name,
            FuzzyNames.Closest(name, schema.Tables.Where(t => t.Name.Schema == schemaName).Select(static t => t.Name.Name))));

    /// <summary>The body for the negotiated media type.</summary>
    public static BodyKind Body(MediaType accept, bool head) =>
        head ? BodyKind.None : accept.Kind switch
        {
            MediaKind.SingularJson => BodyKind.Singular,
            MediaKind.Csv => BodyKind.Csv,
            MediaKind.Json or MediaKind.Any => BodyKind.Array,
            _ => throw new RestException(RestErrors.UnacceptableMediaType([accept.Mime])),
        };

    /// <summary>The root page capped at max-rows.</summary>
    public static PageRange Cap(PageRange range, long? maxRows) =>
        maxRows is { } max && (range.Limit is null || range.Limit > max) ? range with { Limit = max } : range;

    /// <summary>
    /// The total for <c>Prefer: count</c>: exact runs <c>count(*)</c> in the statement; planned only
    /// EXPLAINs; estimated counts exactly up to max-rows and leaves larger totals to the plan.
    /// </summary>
    public static (string Total, string? PlanSql) Count(CountMode? mode, NodeParts parts, long? maxRows) => mode switch
    {
        CountMode.Exact => ("(" + parts.ToCountSql() + ")", null),
        CountMode.Planned => ("NULL::bigint", Explain(parts)),
        CountMode.Estimated when maxRows is { } max => (
            "(SELECT pg_catalog.count(*) FROM (SELECT 1 FROM " + parts.CountFrom + (parts.Where is null ? "" : " WHERE " + parts.Where)
                + " LIMIT " + (max + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + ") AS _e)",
            Explain(parts)),
        CountMode.Estimated => ("(" + parts.ToCountSql() + ")", null),
        _ => ("NULL::bigint", null),
    };

    /// <summary>The planner's row estimate of the filtered relation (of the rows, not of a count over them).</summary>
    private static string Explain(NodeParts parts) =>
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM " + parts.CountFrom + (parts.Where is null ? "" : " WHERE " + parts.Where);
}
