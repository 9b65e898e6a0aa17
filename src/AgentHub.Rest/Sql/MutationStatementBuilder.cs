using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>
/// POST/PATCH/PUT/DELETE (data-api.md §10): the write runs in a CTE <c>pgrst_source</c> whose
/// RETURNING feeds the representation, which is shaped by <c>select</c> like a read.
/// </summary>
/// <remarks>
/// With <c>return=minimal</c> the write returns only <c>1</c>: RETURNING table columns would make
/// Postgres apply SELECT policies to new rows, which PostgREST avoids for minimal writes too.
/// </remarks>
internal static class MutationStatementBuilder
{
    private const string Source = "pgrst_source";

    public static RequestStatement Build(MutatePlan plan, SchemaSnapshot schema, JsonPayload? payload, BuildOptions options)
    {
        var context = new SqlContext(schema, plan.Context.Schema);
        var table = StatementParts.Table(schema, plan.Context.Schema, plan.Context.Resource);
        var nodes = new NodeSqlBuilder(context);
        var alias = context.NextAlias();
        var ret = plan.Return;
        var locationColumns = ret == ReturnPreference.HeadersOnly && plan.Kind != MutationKind.Delete && table.PrimaryKey.Count > 0 ? table.PrimaryKey : null;
        var upsert = plan.Kind is MutationKind.Upsert or MutationKind.SingleUpsert;
        var returning = (ret == ReturnPreference.Minimal && locationColumns is null ? "1 AS pgrst_one" : alias + ".*")
            + (upsert && !table.IsView ? ", (" + alias + ".xmax = 0) AS pgrst_inserted" : "");

        var dml = plan.Kind switch
        {
            MutationKind.Insert or MutationKind.Upsert => InsertSql(plan, context, table, alias, Require(payload), returning),
            MutationKind.SingleUpsert => SingleUpsertSql(plan, context, table, alias, Require(payload), returning),
            MutationKind.Update => UpdateSql(plan, context, nodes, table, alias, Require(payload), returning),
            _ => "DELETE FROM " + SqlText.Name(table.Name) + " AS " + alias + WhereSql(plan, context, nodes, table, alias) + " RETURNING " + returning,
        };

        BodyKind body;
        string page;
        if (ret == ReturnPreference.Representation)
        {
            body = StatementParts.Body(plan.Context.Accept, head: false);
            var representation = plan.Query with { Where = [], Range = PageRange.All };
            var source = new NodeSource(Source, table.Name.Name, table, table.Name);
            page = nodes.Build(representation, source, context.NextAlias(), [], "", PageRange.All).ToSql();
        }
        else if (locationColumns is not null)
        {
            body = BodyKind.Array;
            var readAlias = context.NextAlias();
            page = "SELECT " + string.Join(", ", locationColumns.Select(c => readAlias + "." + SqlText.Ident(c))) + " FROM " + Source + " AS " + readAlias;
        }
        else
        {
            body = BodyKind.None;
            page = "SELECT 1 FROM " + Source;
        }

        var inserted = upsert && !table.IsView ? "(SELECT pg_catalog.count(*) FROM " + Source + " WHERE pgrst_inserted)" : "NULL::bigint";
        var sql = Envelope.Wrap(Source + " AS (" + dml + ")", page, "NULL::bigint", inserted, Envelope.Body(body, plan.Context.Accept.StripNulls));
        var kind = plan.Kind switch
        {
            MutationKind.Insert => StatementKind.Insert,
            MutationKind.Upsert => StatementKind.Upsert,
            MutationKind.SingleUpsert => StatementKind.SingleUpsert,
            MutationKind.Update => StatementKind.Update,
            _ => StatementKind.Delete,
        };
        return new RequestStatement(sql, context.Parameters.Items, kind, body, ReadOnly: false, Table: table, LocationColumns: locationColumns);
    }

    private static JsonPayload Require(JsonPayload? payload) => payload ?? throw new RestException(JsonPayload.InvalidBody());

    /// <summary>
    /// The WHERE of UPDATE/DELETE: the root filters only. Embeds shape the representation and never
    /// choose the rows written (an <c>!inner</c> there is no EXISTS here), as in PostgREST. With
    /// <c>limit</c>/<c>offset</c> the rows are picked by <c>ctid</c> from the filtered, ordered page.
    /// </summary>
    private static string WhereSql(MutatePlan plan, SqlContext context, NodeSqlBuilder nodes, TableInfo table, string alias)
    {
        var embeds = plan.Query.Select.OfType<EmbedItem>().Select(static e => (SelectItem)(e with { Join = null })).ToList();
        var node = plan.Query with { Select = ValueList.From(embeds) };
        var source = NodeSource.ForTable(table);
        if (plan.Query.Range.IsAll)
        {
            var where = nodes.Where(node, source, alias, []);
            return where is null ? "" : " WHERE " + where;
        }

        var pageAlias = context.NextAlias();
        var page = nodes.Page(node, source, pageAlias, plan.Query.Range);
        return " WHERE " + alias + ".ctid = ANY(ARRAY(SELECT " + pageAlias + ".ctid FROM " + source.From + " AS " + pageAlias
            + (page.Where is null ? "" : " WHERE " + page.Where)
            + (page.OrderBy is null ? "" : " ORDER BY " + page.OrderBy)
            + (page.Limit is null ? "" : " " + page.Limit) + "))";
    }

    /// <summary>The columns written: <c>columns=</c> or the payload's keys (which must agree across rows); PGRST204 for unknown ones.</summary>
    private static List<ColumnInfo> WrittenColumns(MutatePlan plan, TableInfo table, JsonPayload payload)
    {
        IReadOnlyList<string> names;
        if (plan.Columns is { } columns)
        {
            names = columns;
        }
        else
        {
            if (payload.Rows.Count > 1 && payload.Rows.Skip(1).Any(r => !r.SetEquals(payload.Rows[0])))
            {
                throw new RestException(JsonPayload.InvalidBody("All object keys must match"));
            }

            names = payload.Rows.Count == 0 ? [] : payload.UnionOfKeys();
        }

        var result = new List<ColumnInfo>(names.Count);
        foreach (var name in names)
        {
            result.Add(table.Column(name) ?? throw new RestException(SchemaErrors.ColumnNotFound(name, table.Name.Name)));
        }

        return result;
    }

    private static string InsertSql(MutatePlan plan, SqlContext context, TableInfo table, string alias, JsonPayload payload, string returning)
    {
        if (!payload.AllObjects)
        {
            throw new RestException(JsonPayload.InvalidBody());
        }

        var name = SqlText.Name(table.Name);
        var columns = WrittenColumns(plan, table, payload);
        var json = context.Param(SqlParameterType.Json, payload.AsArrayJson);
        string insert;
        if (plan.MissingUsesDefault && plan.Columns is not null)
        {
            // A listed column missing from every row is left out (its DEFAULT applies); one missing from
            // some rows takes its default expression there, from the schema cache.
            columns = columns.Where(c => payload.Rows.Any(r => r.Contains(c.Name))).ToList();
            var values = columns.Select(c => payload.Rows.All(r => r.Contains(c.Name))
                ? "pgrst_body." + SqlText.Ident(c.Name)
                : "CASE WHEN (pgrst_elem.j::jsonb) ? " + context.Param(SqlParameterType.Text, c.Name) + " THEN pgrst_body." + SqlText.Ident(c.Name)
                    + " ELSE " + (c.DefaultSql ?? "NULL") + " END").ToList();
            insert = "INSERT INTO " + name + " AS " + alias + (columns.Count == 0 ? "" : " (" + string.Join(", ", columns.Select(c => SqlText.Ident(c.Name))) + ")")
                + " SELECT " + string.Join(", ", values) + " FROM json_array_elements(" + json + ") AS pgrst_elem(j), LATERAL json_populate_record(NULL::" + name + ", pgrst_elem.j) AS pgrst_body";
        }
        else
        {
            insert = "INSERT INTO " + name + " AS " + alias + (columns.Count == 0 ? "" : " (" + string.Join(", ", columns.Select(c => SqlText.Ident(c.Name))) + ")")
                + " SELECT " + string.Join(", ", columns.Select(c => "pgrst_body." + SqlText.Ident(c.Name)))
                + " FROM json_populate_recordset(NULL::" + name + ", " + json + ") AS pgrst_body";
        }

        return insert + OnConflict(plan, table, columns) + " RETURNING " + returning;
    }

    private static string OnConflict(MutatePlan plan, TableInfo table, IReadOnlyList<ColumnInfo> columns)
    {
        if (plan.Resolution is not { } resolution)
        {
            return "";
        }

        IReadOnlyList<string> target = plan.OnConflict is { } onConflict ? onConflict : table.PrimaryKey;
        if (target.Count == 0)
        {
            return "";
        }

        foreach (var column in target)
        {
            if (table.Column(column) is null)
            {
                throw new RestException(SchemaErrors.UndefinedColumn(table.Name.Name, column));
            }
        }

        var conflict = " ON CONFLICT (" + string.Join(", ", target.Select(SqlText.Ident)) + ")";
        if (resolution == ResolutionPreference.IgnoreDuplicates || columns.Count == 0)
        {
            return conflict + " DO NOTHING";
        }

        return conflict + " DO UPDATE SET " + string.Join(", ", columns.Select(c => SqlText.Ident(c.Name) + " = EXCLUDED." + SqlText.Ident(c.Name)));
    }

    private static string SingleUpsertSql(MutatePlan plan, SqlContext context, TableInfo table, string alias, JsonPayload payload, string returning)
    {
        var (upsert, checkedPayload) = SingleUpsertCheck.Check(plan, table, payload);
        return InsertSql(upsert, context, table, alias, checkedPayload, returning);
    }

    private static string UpdateSql(MutatePlan plan, SqlContext context, NodeSqlBuilder nodes, TableInfo table, string alias, JsonPayload payload, string returning)
    {
        if (payload.Kind != System.Text.Json.JsonValueKind.Object)
        {
            throw new RestException(JsonPayload.InvalidBody());
        }

        var name = SqlText.Name(table.Name);
        var columns = WrittenColumns(plan, table, payload);
        if (columns.Count == 0)
        {
            // An empty object updates nothing (PostgREST answers 204 / [] without touching a row).
            return "SELECT " + alias + ".* FROM " + name + " AS " + alias + " WHERE FALSE";
        }

        var keys = payload.Rows[0];
        var set = columns.Select(c => SqlText.Ident(c.Name) + " = "
            + (!keys.Contains(c.Name) && plan.MissingUsesDefault ? "DEFAULT" : "pgrst_body." + SqlText.Ident(c.Name)));
        return "UPDATE " + name + " AS " + alias + " SET " + string.Join(", ", set)
            + " FROM json_populate_record(NULL::" + name + ", " + context.Param(SqlParameterType.Json, payload.Json) + ") AS pgrst_body"
            + WhereSql(plan, context, nodes, table, alias) + " RETURNING " + returning;
    }
}
