using System.Text.Json;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>
/// RPC (data-api.md §11): <c>pgrst_source</c> calls the function once with named arguments (from a
/// POST body through <c>json_to_record</c>, or from query parameters as untyped literals cast to the
/// parameter types); the result is then filtered, ordered, paged and shaped like a read.
/// </summary>
internal static class CallStatementBuilder
{
    private const string Source = "pgrst_source";

    public static RequestStatement Build(CallPlan plan, SchemaSnapshot schema, JsonPayload? payload, BuildOptions options)
    {
        var context = new SqlContext(schema, plan.Context.Schema);
        var isGet = plan.ArgumentSource == CallArgumentSource.Query;
        if (!isGet && payload is { Kind: not JsonValueKind.Object } && plan.ArgumentSource == CallArgumentSource.Body
            && !schema.Functions(plan.Context.Schema, plan.Function).Any(static f => f.TakesSingleUnnamedJson))
        {
            throw new RestException(JsonPayload.InvalidBody());
        }

        var names = ArgumentNames(plan, payload);
        var function = FunctionResolver.Resolve(schema, plan.Context.Schema, plan.Function, names, hasBody: !isGet && payload is not null,
            singleObject: plan.ArgumentSource == CallArgumentSource.SingleObject);
        var call = CallSql(plan, context, function, names, payload);

        var readOnly = plan.IsReadOnlyRequest || function.Volatility != Volatility.Volatile;
        var ctes = Source + " AS (SELECT pgrst_call.* FROM " + call + ")";
        var head = plan.Context.Method == RestMethod.Head;
        if (function.ReturnKind == ReturnKind.Void)
        {
            var voidSql = Envelope.Wrap(ctes, "SELECT 1 FROM " + Source, "NULL::bigint", "NULL::bigint", "NULL::text");
            return new RequestStatement(voidSql, context.Parameters.Items, StatementKind.Call, BodyKind.None, readOnly, Settings: function.Settings);
        }

        BodyKind body;
        NodeParts parts;
        var range = StatementParts.Cap(plan.Query.Range, function.ReturnsSet ? options.MaxRows : null);
        var alias = context.NextAlias();
        if (function.ReturnKind == ReturnKind.Scalar)
        {
            body = head ? BodyKind.None : function.ReturnsSet ? BodyKind.Array : BodyKind.Scalar;
            if (function.ReturnsSet && plan.Context.Accept.Kind == MediaKind.SingularJson)
            {
                body = BodyKind.Singular;
            }
            else if (!head && plan.Context.Accept.Kind is MediaKind.TextPlain or MediaKind.TextXml)
            {
                // text/plain and text/xml: the value itself, not JSON (PostgREST's raw media types).
                body = BodyKind.Text;
            }

            var scalarSource = new NodeSource(Source, function.Name.Name, null, null);
            var scalarNode = QueryNode.Of([new ColumnItem(new Field("pgrst_call"))]) with { Where = plan.Query.Where, Order = plan.Query.Order };
            parts = new NodeSqlBuilder(context).Build(scalarNode, scalarSource, alias, [], "", range);
        }
        else
        {
            body = !function.ReturnsSet && !head && plan.Context.Accept.Kind is MediaKind.Json or MediaKind.Any
                ? BodyKind.Scalar
                : StatementParts.Body(plan.Context.Accept, head);
            var table = function.ReturnTable is { } returned ? schema.Table(returned) : OutColumns(function);
            var source = new NodeSource(Source, function.Name.Name, table, function.ReturnTable);
            parts = new NodeSqlBuilder(context).Build(plan.Query, source, alias, [], "", range);
        }

        // Counts run inside the statement, next to the CTE that calls the function once; an EXPLAIN
        // outside it could not see that CTE, so planned and estimated counts are exact here.
        var (total, _) = function.ReturnsSet && plan.Count is not null ? StatementParts.Count(CountMode.Exact, parts, options.MaxRows) : ("NULL::bigint", null);
        var bodySql = body == BodyKind.Scalar
            ? function.ReturnKind == ReturnKind.Scalar ? Envelope.Body(body, false, "pgrst_call") : "coalesce((json_agg(_t)->0)::text, 'null')"
            : body == BodyKind.Array && function.ReturnKind == ReturnKind.Scalar ? "coalesce(json_agg(_t.pgrst_call), '[]')::text"
            : body == BodyKind.Singular && function.ReturnKind == ReturnKind.Scalar ? "coalesce((json_agg(_t.pgrst_call)->0)::text, '')"
            : body == BodyKind.Text ? Envelope.Body(body, false, "pgrst_call")
            : Envelope.Body(body, plan.Context.Accept.StripNulls);
        var sql = Envelope.Wrap(ctes, parts.ToSql(), total, "NULL::bigint", bodySql);
        return new RequestStatement(sql, context.Parameters.Items, StatementKind.Call, body, readOnly, null, range.Offset, Settings: function.Settings);
    }

    private static List<string> ArgumentNames(CallPlan plan, JsonPayload? payload)
    {
        if (plan.ArgumentSource == CallArgumentSource.Query)
        {
            return plan.Arguments.Select(static a => a.Name).Distinct(StringComparer.Ordinal).ToList();
        }

        if (plan.ArgumentSource == CallArgumentSource.SingleObject || payload is not { Kind: JsonValueKind.Object })
        {
            return [];
        }

        var keys = payload.Rows[0];
        return plan.Columns is { } columns ? columns.Where(keys.Contains).ToList() : keys.ToList();
    }

    /// <summary><c>"s"."f"(a := ...) AS pgrst_call</c>, preceded by the <c>json_to_record</c> FROM item for POST arguments.</summary>
    private static string CallSql(CallPlan plan, SqlContext context, FunctionInfo function, IReadOnlyList<string> names, JsonPayload? payload)
    {
        var name = SqlText.Name(function.Name);
        if (plan.ArgumentSource != CallArgumentSource.Query && function.Inputs.Count() == 1
            && function.Inputs.First() is { BaseTypeName: "json" or "jsonb" } single
            && (plan.ArgumentSource == CallArgumentSource.SingleObject || single.Name.Length == 0))
        {
            var json = context.Param(SqlParameterType.Json, payload?.Json ?? "{}");
            return name + "(CAST(" + json + " AS " + single.Type + ")) AS pgrst_call";
        }

        var parameters = function.Inputs.Where(p => names.Contains(p.Name)).ToList();
        if (plan.ArgumentSource == CallArgumentSource.Query)
        {
            var arguments = parameters.Select(p =>
            {
                var values = plan.Arguments.Where(a => a.Name == p.Name).Select(static a => a.Value).ToList();
                if (p.Mode == ParameterMode.Variadic)
                {
                    var array = values.Count == 1 && values[0].StartsWith('{') ? values[0] : SqlText.ArrayLiteral(values);
                    return "VARIADIC " + SqlText.Ident(p.Name) + " => CAST(" + context.Param(SqlParameterType.Unknown, array) + " AS " + p.Type + ")";
                }

                return SqlText.Ident(p.Name) + " => CAST(" + context.Param(SqlParameterType.Unknown, values[^1]) + " AS " + p.Type + ")";
            });
            return name + "(" + string.Join(", ", arguments) + ") AS pgrst_call";
        }

        if (parameters.Count == 0)
        {
            return name + "() AS pgrst_call";
        }

        var record = context.Param(SqlParameterType.Json, payload!.Json);
        var columns = string.Join(", ", parameters.Select(p => SqlText.Ident(p.Name) + " " + p.Type));
        var passed = string.Join(", ", parameters.Select(p =>
            (p.Mode == ParameterMode.Variadic ? "VARIADIC " : "") + SqlText.Ident(p.Name) + " => pgrst_args." + SqlText.Ident(p.Name)));
        return "json_to_record(" + record + ") AS pgrst_args(" + columns + "), LATERAL " + name + "(" + passed + ") AS pgrst_call";
    }

    /// <summary>Columns of a function returning <c>record</c> through OUT or TABLE parameters.</summary>
    private static TableInfo? OutColumns(FunctionInfo function)
    {
        var outs = function.Parameters.Where(static p => p.Mode is ParameterMode.Out or ParameterMode.InOut or ParameterMode.Table).ToList();
        return outs.Count == 0 ? null : new TableInfo(function.Name, false, outs.Select(static p => new ColumnInfo(p.Name, p.Type, p.BaseTypeName)).ToList());
    }
}
