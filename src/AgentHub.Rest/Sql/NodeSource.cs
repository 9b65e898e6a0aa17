using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>What a query level reads from.</summary>
/// <param name="From">SQL of the FROM item (a qualified relation, or a CTE name such as <c>pgrst_source</c>).</param>
/// <param name="DisplayName">Name used in error messages (the relation's name).</param>
/// <param name="Table">Columns and keys, when known (null for results of functions returning <c>record</c>).</param>
/// <param name="Relation">The relation whose relationships embeds follow, if any.</param>
internal sealed record NodeSource(string From, string DisplayName, TableInfo? Table, QualifiedName? Relation)
{
    public static NodeSource ForTable(TableInfo table) =>
        new(SqlText.Name(table.Name), table.Name.Name, table, table.Name);
}
