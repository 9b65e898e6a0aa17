using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>WHERE conditions (data-api.md §7), EXISTS for embeds, and ORDER BY.</summary>
internal sealed partial class NodeSqlBuilder
{
    /// <summary>Renders one condition of <paramref name="node"/> (whose embeds <see cref="EmbedNullFilter"/>s name).</summary>
    public string Condition(Condition condition, QueryNode node, NodeSource source, string alias) => condition switch
    {
        Filter filter => FilterSql(filter, source, alias),
        LogicTree tree => (tree.Negated ? "NOT " : "") + "("
            + (tree.Children.Count == 0
                ? (tree.Operator == LogicOperator.And ? "TRUE" : "FALSE")
                : string.Join(tree.Operator == LogicOperator.And ? " AND " : " OR ", tree.Children.Select(c => Condition(c, node, source, alias))))
            + ")",
        EmbedNullFilter nullFilter => (nullFilter.IsNull ? "NOT " : "") + Exists(FindEmbed(node, nullFilter.Embed), source, alias),
        _ => throw new InvalidOperationException("Unknown condition " + condition.GetType().Name),
    };

    /// <summary><c>EXISTS (SELECT 1 FROM child WHERE join AND child filters)</c>: an embed with matching rows.</summary>
    public string Exists(EmbedItem embed, NodeSource source, string alias)
    {
        var relationship = Resolve(source, embed);
        var childSource = TargetSource(relationship);
        var childAlias = context.NextAlias();
        var (conditions, junction) = JoinOn(relationship, alias, childAlias);
        var where = Where(embed.Query, childSource, childAlias, conditions);
        return "EXISTS (SELECT 1 FROM " + childSource.From + " AS " + childAlias + junction + (where is null ? "" : " WHERE " + where) + ")";
    }

    private static EmbedItem FindEmbed(QueryNode node, string name)
    {
        foreach (var item in node.Select)
        {
            if (item is EmbedItem embed && embed.Name == name)
            {
                return embed;
            }
        }

        throw new RestException(RestErrors.NotEmbedded(name));
    }

    private string FilterSql(Filter filter, NodeSource source, string alias)
    {
        var sql = filter.Operation switch
        {
            CompareOperation compare => CompareSql(FieldExpression(alias, source, filter.Field), compare),
            InOperation list => FieldExpression(alias, source, filter.Field) + " = ANY(" + context.Param(SqlParameterType.Unknown, SqlText.ArrayLiteral(list.Values)) + ")",
            IsOperation test => FieldExpression(alias, source, filter.Field) + test.Value switch
            {
                IsValue.Null => " IS NULL",
                IsValue.NotNull => " IS NOT NULL",
                IsValue.True => " IS TRUE",
                IsValue.False => " IS FALSE",
                _ => " IS UNKNOWN",
            },
            FtsOperation fts => FtsSql(alias, source, filter.Field, fts),
            _ => throw new InvalidOperationException("Unknown operation " + filter.Operation.GetType().Name),
        };
        return filter.Negated ? "NOT (" + sql + ")" : sql;
    }

    private string CompareSql(string expression, CompareOperation compare)
    {
        var value = compare.Operator is FilterOperator.Like or FilterOperator.ILike ? compare.Value.Replace('*', '%') : compare.Value;
        var op = compare.Operator switch
        {
            FilterOperator.Eq => "=",
            FilterOperator.Neq => "<>",
            FilterOperator.Gt => ">",
            FilterOperator.Gte => ">=",
            FilterOperator.Lt => "<",
            FilterOperator.Lte => "<=",
            FilterOperator.Like => "LIKE",
            FilterOperator.ILike => "ILIKE",
            FilterOperator.Match => "~",
            FilterOperator.IMatch => "~*",
            FilterOperator.IsDistinct => "IS DISTINCT FROM",
            FilterOperator.Cs => "@>",
            FilterOperator.Cd => "<@",
            FilterOperator.Ov => "&&",
            FilterOperator.Sl => "<<",
            FilterOperator.Sr => ">>",
            FilterOperator.Nxr => "&<",
            FilterOperator.Nxl => "&>",
            _ => "-|-",
        };
        var parameter = context.Param(SqlParameterType.Unknown, value);
        return compare.Quantifier switch
        {
            Quantifier.Any => expression + " " + op + " ANY(" + parameter + ")",
            Quantifier.All => expression + " " + op + " ALL(" + parameter + ")",
            _ => expression + " " + op + " " + parameter,
        };
    }

    /// <summary><c>@@ to_tsquery(...)</c>; a column that is not a tsvector goes through <c>to_tsvector</c> (v13+).</summary>
    private string FtsSql(string alias, NodeSource source, Field field, FtsOperation fts)
    {
        var expression = FieldExpression(alias, source, field);
        var config = fts.Language is null ? null : context.Param(SqlParameterType.Text, fts.Language) + "::regconfig";
        var isTsVector = !field.HasJsonPath && source.Table?.Column(field.Name) is { IsTsVector: true };
        var vector = isTsVector ? expression : "to_tsvector(" + (config is null ? "" : config + ", ") + expression + ")";
        var function = fts.Operator switch
        {
            FtsOperator.Fts => "to_tsquery",
            FtsOperator.Plain => "plainto_tsquery",
            FtsOperator.Phrase => "phraseto_tsquery",
            _ => "websearch_to_tsquery",
        };
        return vector + " @@ " + function + "(" + (config is null ? "" : config + ", ") + context.Param(SqlParameterType.Text, fts.Value) + ")";
    }

    private string? OrderBy(QueryNode node, NodeSource source, string alias)
    {
        if (node.Order.Count == 0)
        {
            return null;
        }

        var terms = new List<string>(node.Order.Count);
        foreach (var term in node.Order)
        {
            var expression = term.Relation is { } relation
                ? RelatedOrderExpression(node, source, alias, relation, term.Field)
                : FieldExpression(alias, source, term.Field);
            terms.Add(expression
                + (term.Direction switch { OrderDirection.Asc => " ASC", OrderDirection.Desc => " DESC", _ => "" })
                + (term.Nulls switch { NullsOrder.First => " NULLS FIRST", NullsOrder.Last => " NULLS LAST", _ => "" }));
        }

        return string.Join(", ", terms);
    }

    /// <summary><c>order=rel(col)</c>: the to-one embed's column, read by a scalar subquery under the embed's own filters.</summary>
    private string RelatedOrderExpression(QueryNode node, NodeSource source, string alias, string relation, Field field)
    {
        var embed = node.Select.OfType<EmbedItem>().FirstOrDefault(e => e.IsAddressedBy(relation))
            ?? throw new RestException(RestErrors.NotEmbedded(relation));
        var relationship = Resolve(source, embed);
        if (!relationship.IsToOne)
        {
            throw new RestException(SchemaErrors.RelatedOrderNotToOne(source.DisplayName, relation));
        }

        var childSource = TargetSource(relationship);
        var childAlias = context.NextAlias();
        var (conditions, junction) = JoinOn(relationship, alias, childAlias);
        var where = Where(embed.Query, childSource, childAlias, conditions);
        return "(SELECT " + FieldExpression(childAlias, childSource, field) + " FROM " + childSource.From + " AS " + childAlias + junction
            + (where is null ? "" : " WHERE " + where) + " LIMIT 1)";
    }
}
