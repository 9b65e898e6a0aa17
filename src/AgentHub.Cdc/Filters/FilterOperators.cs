using FilterOperator = AgentHub.Core.PostgresChanges.PostgresChangesFilterOperator;

namespace AgentHub.Cdc;

/// <summary>How change capture words the filter operators (docs/realtime-protocol.md §6.4) in its messages.</summary>
internal static class FilterOperators
{
    /// <summary>The SQL spelling, for error messages in PostgreSQL's words.</summary>
    public static string Sql(this FilterOperator op) => op switch
    {
        FilterOperator.Eq => "=",
        FilterOperator.Neq => "<>",
        FilterOperator.Lt => "<",
        FilterOperator.Lte => "<=",
        FilterOperator.Gt => ">",
        FilterOperator.Gte => ">=",
        FilterOperator.In => "=",
        FilterOperator.Like => "~~",
        FilterOperator.Ilike => "~~*",
        FilterOperator.Match => "~",
        FilterOperator.Imatch => "~*",
        FilterOperator.Is => "IS",
        _ => "IS DISTINCT FROM",
    };
}
