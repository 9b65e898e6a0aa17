using System.Text;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>
/// Renders one <see cref="QueryNode"/> (and, recursively, its embeds) as the clauses of a SELECT.
/// </summary>
/// <remarks>
/// Embeds become <c>LEFT JOIN LATERAL</c> subqueries whose JSON Postgres builds (<c>row_to_json</c> for
/// to-one, <c>json_agg</c> for to-many), so values are formatted exactly as Postgres formats them.
/// <c>!inner</c> and <c>rel=[not.]is.null</c> become <c>[NOT] EXISTS</c> conditions in WHERE rather than
/// join types: the same WHERE then serves the page query, the count query and UPDATE/DELETE.
/// </remarks>
internal sealed partial class NodeSqlBuilder(SqlContext context)
{
    private SchemaSnapshot Schema => context.Schema;

    /// <param name="node">The level to render.</param>
    /// <param name="source">What it reads.</param>
    /// <param name="alias">The alias of <paramref name="source"/>.</param>
    /// <param name="joinConditions">Conditions tying it to its parent (embeds), AND-ed first.</param>
    /// <param name="extraJoin">A junction join for many-to-many embeds.</param>
    /// <param name="range">The page; the root passes its max-rows-capped range.</param>
    public NodeParts Build(QueryNode node, NodeSource source, string alias, IReadOnlyList<string> joinConditions, string extraJoin, PageRange range)
    {
        var items = new List<string>();
        var laterals = new StringBuilder();
        foreach (var item in node.Select)
        {
            switch (item)
            {
                case StarItem:
                    if (source.Table is { } table)
                    {
                        items.AddRange(table.Columns.Select(c => alias + "." + SqlText.Ident(c.Name)));
                    }
                    else
                    {
                        items.Add(alias + ".*");
                    }

                    break;
                case ColumnItem { Aggregate: not null } or CountItem:
                    throw new RestException(RestErrors.AggregatesNotAllowed());
                case ColumnItem column:
                    items.Add(SelectExpression(alias, source, column) + " AS " + SqlText.Ident(column.OutputName));
                    break;
                case EmbedItem embed when embed.Query.Select.Count > 0:
                    AddEmbed(embed, source, alias, items, laterals);
                    break;
                case EmbedItem embed:
                    // rel(): no output, only there to be filtered on; still check that it resolves.
                    Resolve(source, embed);
                    break;
            }
        }

        var where = Where(node, source, alias, joinConditions);
        var from = source.From + " AS " + alias + extraJoin;
        return new NodeParts(
            string.Join(", ", items),
            from + laterals,
            from,
            where,
            OrderBy(node, source, alias),
            Limit(range));
    }

    /// <summary>The AND of the join conditions, the level's filters and an EXISTS per <c>!inner</c> embed; null when empty.</summary>
    public string? Where(QueryNode node, NodeSource source, string alias, IReadOnlyList<string> joinConditions)
    {
        var conditions = new List<string>(joinConditions);
        foreach (var condition in node.Where)
        {
            conditions.Add(Condition(condition, node, source, alias));
        }

        foreach (var item in node.Select)
        {
            if (item is EmbedItem { Join: JoinType.Inner } inner)
            {
                conditions.Add(Exists(inner, source, alias));
            }
        }

        return conditions.Count == 0 ? null : string.Join(" AND ", conditions);
    }

    /// <summary>WHERE, ORDER BY and LIMIT/OFFSET of a level without its select list (rows picked for a limited UPDATE/DELETE).</summary>
    public (string? Where, string? OrderBy, string? Limit) Page(QueryNode node, NodeSource source, string alias, PageRange range) =>
        (Where(node, source, alias, []), OrderBy(node, source, alias), Limit(range));

    /// <summary>The JSON keys a level produces, for spreads (which lift them into the parent).</summary>
    public IReadOnlyList<string> OutputNames(QueryNode node, NodeSource source)
    {
        var names = new List<string>();
        foreach (var item in node.Select)
        {
            switch (item)
            {
                case StarItem when source.Table is { } table:
                    names.AddRange(table.Columns.Select(static c => c.Name));
                    break;
                case StarItem:
                    throw new RestException(new RestError(RestErrorCodes.QueryParse, 400,
                        $"'*' cannot be spread from '{source.DisplayName}' because its columns are not known"));
                case ColumnItem column:
                    names.Add(column.OutputName);
                    break;
                case EmbedItem { IsSpread: true } spread:
                    var relationship = Resolve(source, spread);
                    names.AddRange(OutputNames(spread.Query, TargetSource(relationship)));
                    break;
                case EmbedItem embed when embed.Query.Select.Count > 0:
                    names.Add(embed.Alias ?? embed.Relation);
                    break;
            }
        }

        return names;
    }

    private void AddEmbed(EmbedItem embed, NodeSource source, string alias, List<string> items, StringBuilder laterals)
    {
        var relationship = Resolve(source, embed);
        var child = ChildParts(relationship, embed.Query, alias, out var childSource);
        var lateral = context.NextAlias("pgrst_");
        var childSql = child.ToSql();
        if (!embed.IsSpread)
        {
            var key = SqlText.Ident(embed.Alias ?? embed.Relation);
            if (relationship.IsToOne)
            {
                laterals.Append(" LEFT JOIN LATERAL (SELECT row_to_json(_c) AS body FROM (").Append(childSql).Append(") AS _c) AS ").Append(lateral).Append(" ON TRUE");
                items.Add(lateral + ".body AS " + key);
            }
            else
            {
                laterals.Append(" LEFT JOIN LATERAL (SELECT json_agg(_c) AS body FROM (").Append(childSql).Append(") AS _c) AS ").Append(lateral).Append(" ON TRUE");
                items.Add("coalesce(" + lateral + ".body, '[]') AS " + key);
            }

            return;
        }

        var names = OutputNames(embed.Query, childSource);
        if (relationship.IsToOne)
        {
            laterals.Append(" LEFT JOIN LATERAL (").Append(childSql).Append(") AS ").Append(lateral).Append(" ON TRUE");
            items.AddRange(names.Select(n => lateral + "." + SqlText.Ident(n) + " AS " + SqlText.Ident(n)));
        }
        else
        {
            laterals.Append(" LEFT JOIN LATERAL (SELECT ")
                .Append(string.Join(", ", names.Select(n => "json_agg(_c." + SqlText.Ident(n) + ") AS " + SqlText.Ident(n))))
                .Append(" FROM (").Append(childSql).Append(") AS _c) AS ").Append(lateral).Append(" ON TRUE");
            items.AddRange(names.Select(n => "coalesce(" + lateral + "." + SqlText.Ident(n) + ", '[]') AS " + SqlText.Ident(n)));
        }
    }

    private NodeParts ChildParts(Relationship relationship, QueryNode query, string parentAlias, out NodeSource childSource)
    {
        childSource = TargetSource(relationship);
        var childAlias = context.NextAlias();
        var (conditions, junction) = JoinOn(relationship, parentAlias, childAlias);
        return Build(query, childSource, childAlias, conditions, junction, query.Range);
    }

    private NodeSource TargetSource(Relationship relationship) =>
        NodeSource.ForTable(Schema.Table(relationship.Target)
            ?? throw new InvalidOperationException($"Relationship target {relationship.Target} is not in the schema snapshot."));

    private (List<string> Conditions, string Junction) JoinOn(Relationship relationship, string parentAlias, string childAlias)
    {
        var conditions = new List<string>(relationship.SourceColumns.Count);
        if (relationship.Junction is not { } junction)
        {
            for (var i = 0; i < relationship.SourceColumns.Count; i++)
            {
                conditions.Add(childAlias + "." + SqlText.Ident(relationship.TargetColumns[i]) + " = " + parentAlias + "." + SqlText.Ident(relationship.SourceColumns[i]));
            }

            return (conditions, "");
        }

        var junctionAlias = context.NextAlias("j");
        var on = new List<string>();
        for (var i = 0; i < relationship.TargetColumns.Count; i++)
        {
            on.Add(junctionAlias + "." + SqlText.Ident(junction.TargetColumns[i]) + " = " + childAlias + "." + SqlText.Ident(relationship.TargetColumns[i]));
        }

        for (var i = 0; i < relationship.SourceColumns.Count; i++)
        {
            conditions.Add(junctionAlias + "." + SqlText.Ident(junction.SourceColumns[i]) + " = " + parentAlias + "." + SqlText.Ident(relationship.SourceColumns[i]));
        }

        return (conditions, " JOIN " + SqlText.Name(junction.Table) + " AS " + junctionAlias + " ON " + string.Join(" AND ", on));
    }

    private Relationship Resolve(NodeSource source, EmbedItem embed)
    {
        if (source.Relation is not { } relation)
        {
            throw new RestException(SchemaErrors.NoRelationship(source.DisplayName, embed.Relation, embed.Hint, context.SchemaName, null));
        }

        return RelationshipResolver.Resolve(Schema, relation, embed.Relation, embed.Hint);
    }

    private string? Limit(PageRange range)
    {
        var text = "";
        if (range.Limit is { } limit)
        {
            text = "LIMIT " + context.Param(SqlParameterType.BigInt, limit);
        }

        if (range.Offset > 0)
        {
            text += (text.Length == 0 ? "" : " ") + "OFFSET " + context.Param(SqlParameterType.BigInt, range.Offset);
        }

        return text.Length == 0 ? null : text;
    }
}
