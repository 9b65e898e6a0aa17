using AgentHub.Rest.Plan;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>GET/HEAD on a table or view (data-api.md §5–§9, §17.5).</summary>
internal static class ReadStatementBuilder
{
    public static RequestStatement Build(ReadPlan plan, SchemaSnapshot schema, BuildOptions options)
    {
        var context = new SqlContext(schema, plan.Context.Schema);
        var table = StatementParts.Table(schema, plan.Context.Schema, plan.Context.Resource);
        var body = StatementParts.Body(plan.Context.Accept, plan.IsHead);
        var range = StatementParts.Cap(plan.Query.Range, options.MaxRows);
        var parts = new NodeSqlBuilder(context).Build(plan.Query, NodeSource.ForTable(table), context.NextAlias(), [], "", range);
        var (total, planSql) = StatementParts.Count(plan.Count, parts, options.MaxRows);
        var sql = Envelope.Wrap(null, parts.ToSql(), total, "NULL::bigint", Envelope.Body(body, plan.Context.Accept.StripNulls));
        return new RequestStatement(sql, context.Parameters.Items, StatementKind.Read, body, ReadOnly: true, planSql, range.Offset, table);
    }
}
