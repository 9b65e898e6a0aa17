using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>Column references, JSON paths and casts.</summary>
internal sealed partial class NodeSqlBuilder
{
    private string SelectExpression(string alias, NodeSource source, ColumnItem column)
    {
        var expression = FieldExpression(alias, source, column.Field);
        if (column.Cast is { } cast)
        {
            var type = Schema.CastType(cast) ?? throw new RestException(SchemaErrors.UndefinedType(cast));
            expression = "CAST(" + expression + " AS " + type + ")";
        }

        return expression;
    }

    /// <summary>
    /// <c>alias."col"</c>, or with a JSON path <c>(alias."col"-&gt;$1-&gt;&gt;$2)</c>; keys and indexes are
    /// parameters. Non-JSON columns go through <c>to_jsonb</c> first, as in PostgREST.
    /// </summary>
    public string FieldExpression(string alias, NodeSource source, Field field)
    {
        var column = ColumnReference(alias, source, field.Name);
        if (!field.HasJsonPath)
        {
            return column;
        }

        var info = source.Table?.Column(field.Name);
        var expression = info is { IsJson: true } ? column : "to_jsonb(" + column + ")";
        foreach (var step in field.JsonPath)
        {
            expression += step.Arrow == JsonArrow.Json ? "->" : "->>";
            expression += step.Key is { } key
                ? context.Param(SqlParameterType.Text, key)
                : context.Param(SqlParameterType.Integer, step.Index);
        }

        return "(" + expression + ")";
    }

    /// <summary>
    /// A column of <paramref name="source"/>, checked against the schema cache when its columns are
    /// known (unknown: the 42703 Postgres would give). A name that is no column but a function taking
    /// the relation's row type is a computed column, called with the row (PostgREST computed fields).
    /// </summary>
    public string ColumnReference(string alias, NodeSource source, string name)
    {
        if (source.Table is { } table && table.Column(name) is null)
        {
            if (ComputedColumn(table, name) is { } function)
            {
                return SqlText.Name(function.Name) + "(" + alias + ")";
            }

            throw new RestException(SchemaErrors.UndefinedColumn(source.DisplayName, name));
        }

        return alias + "." + SqlText.Ident(name);
    }

    private FunctionInfo? ComputedColumn(TableInfo table, string name)
    {
        foreach (var function in Schema.Functions(table.Name.Schema, name))
        {
            var inputs = function.Inputs.ToList();
            if (inputs.Count == 1 && inputs[0].BaseTypeName == table.Name.Name && !function.ReturnsSet)
            {
                return function;
            }
        }

        return null;
    }
}
