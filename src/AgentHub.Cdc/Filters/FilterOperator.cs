namespace AgentHub.Cdc;

/// <summary>The operators of a postgres_changes filter (docs/realtime-protocol.md §6.4).</summary>
internal enum FilterOperator
{
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    In,
    Like,
    ILike,
    Match,
    IMatch,
    Is,
    IsDistinct,
}

internal static class FilterOperators
{
    public static bool TryParse(string name, out FilterOperator op)
    {
        op = name switch
        {
            "eq" => FilterOperator.Eq,
            "neq" => FilterOperator.Neq,
            "lt" => FilterOperator.Lt,
            "lte" => FilterOperator.Lte,
            "gt" => FilterOperator.Gt,
            "gte" => FilterOperator.Gte,
            "in" => FilterOperator.In,
            "like" => FilterOperator.Like,
            "ilike" => FilterOperator.ILike,
            "match" => FilterOperator.Match,
            "imatch" => FilterOperator.IMatch,
            "is" => FilterOperator.Is,
            "isdistinct" => FilterOperator.IsDistinct,
            _ => (FilterOperator)(-1),
        };
        return (int)op >= 0;
    }

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
        FilterOperator.ILike => "~~*",
        FilterOperator.Match => "~",
        FilterOperator.IMatch => "~*",
        FilterOperator.Is => "IS",
        _ => "IS DISTINCT FROM",
    };
}
