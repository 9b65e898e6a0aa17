namespace AgentHub.Rest.Plan;

/// <summary>Wire names of the filter operators, both directions.</summary>
internal static class FilterOperators
{
    public static string Name(FilterOperator op) => op switch
    {
        FilterOperator.Eq => "eq",
        FilterOperator.Neq => "neq",
        FilterOperator.Gt => "gt",
        FilterOperator.Gte => "gte",
        FilterOperator.Lt => "lt",
        FilterOperator.Lte => "lte",
        FilterOperator.Like => "like",
        FilterOperator.ILike => "ilike",
        FilterOperator.Match => "match",
        FilterOperator.IMatch => "imatch",
        FilterOperator.IsDistinct => "isdistinct",
        FilterOperator.Cs => "cs",
        FilterOperator.Cd => "cd",
        FilterOperator.Ov => "ov",
        FilterOperator.Sl => "sl",
        FilterOperator.Sr => "sr",
        FilterOperator.Nxr => "nxr",
        FilterOperator.Nxl => "nxl",
        _ => "adj",
    };

    public static string Name(FtsOperator op) => op switch
    {
        FtsOperator.Fts => "fts",
        FtsOperator.Plain => "plfts",
        FtsOperator.Phrase => "phfts",
        _ => "wfts",
    };

    /// <summary>Whether <c>(any)</c>/<c>(all)</c> may follow the operator (PostgREST's quantifiable set).</summary>
    public static bool IsQuantifiable(FilterOperator op) =>
        op is FilterOperator.Eq or FilterOperator.Gt or FilterOperator.Gte or FilterOperator.Lt or FilterOperator.Lte
            or FilterOperator.Like or FilterOperator.ILike or FilterOperator.Match or FilterOperator.IMatch;

    public static bool TryParse(ReadOnlySpan<char> name, out FilterOperator op)
    {
        switch (name)
        {
            case "eq": op = FilterOperator.Eq; return true;
            case "neq": op = FilterOperator.Neq; return true;
            case "gt": op = FilterOperator.Gt; return true;
            case "gte": op = FilterOperator.Gte; return true;
            case "lt": op = FilterOperator.Lt; return true;
            case "lte": op = FilterOperator.Lte; return true;
            case "like": op = FilterOperator.Like; return true;
            case "ilike": op = FilterOperator.ILike; return true;
            case "match": op = FilterOperator.Match; return true;
            case "imatch": op = FilterOperator.IMatch; return true;
            case "isdistinct": op = FilterOperator.IsDistinct; return true;
            case "cs": op = FilterOperator.Cs; return true;
            case "cd": op = FilterOperator.Cd; return true;
            case "ov": op = FilterOperator.Ov; return true;
            case "sl": op = FilterOperator.Sl; return true;
            case "sr": op = FilterOperator.Sr; return true;
            case "nxr": op = FilterOperator.Nxr; return true;
            case "nxl": op = FilterOperator.Nxl; return true;
            case "adj": op = FilterOperator.Adj; return true;
            default: op = default; return false;
        }
    }

    public static bool TryParse(ReadOnlySpan<char> name, out FtsOperator op)
    {
        switch (name)
        {
            case "fts": op = FtsOperator.Fts; return true;
            case "plfts": op = FtsOperator.Plain; return true;
            case "phfts": op = FtsOperator.Phrase; return true;
            case "wfts": op = FtsOperator.Websearch; return true;
            default: op = default; return false;
        }
    }
}
