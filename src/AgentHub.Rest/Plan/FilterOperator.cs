namespace AgentHub.Rest.Plan;

/// <summary>Binary operators taking one untyped value (data-api.md §7.1).</summary>
internal enum FilterOperator
{
    /// <summary><c>eq</c>: <c>=</c>.</summary>
    Eq,
    /// <summary><c>neq</c>: <c>&lt;&gt;</c>.</summary>
    Neq,
    /// <summary><c>gt</c>: <c>&gt;</c>.</summary>
    Gt,
    /// <summary><c>gte</c>: <c>&gt;=</c>.</summary>
    Gte,
    /// <summary><c>lt</c>: <c>&lt;</c>.</summary>
    Lt,
    /// <summary><c>lte</c>: <c>&lt;=</c>.</summary>
    Lte,
    /// <summary><c>like</c>: <c>LIKE</c>, <c>*</c> meaning <c>%</c>.</summary>
    Like,
    /// <summary><c>ilike</c>: <c>ILIKE</c>, <c>*</c> meaning <c>%</c>.</summary>
    ILike,
    /// <summary><c>match</c>: <c>~</c>.</summary>
    Match,
    /// <summary><c>imatch</c>: <c>~*</c>.</summary>
    IMatch,
    /// <summary><c>isdistinct</c>: <c>IS DISTINCT FROM</c>.</summary>
    IsDistinct,
    /// <summary><c>cs</c>: <c>@&gt;</c>.</summary>
    Cs,
    /// <summary><c>cd</c>: <c>&lt;@</c>.</summary>
    Cd,
    /// <summary><c>ov</c>: <c>&amp;&amp;</c>.</summary>
    Ov,
    /// <summary><c>sl</c>: <c>&lt;&lt;</c>.</summary>
    Sl,
    /// <summary><c>sr</c>: <c>&gt;&gt;</c>.</summary>
    Sr,
    /// <summary><c>nxr</c>: <c>&amp;&lt;</c>.</summary>
    Nxr,
    /// <summary><c>nxl</c>: <c>&amp;&gt;</c>.</summary>
    Nxl,
    /// <summary><c>adj</c>: <c>-|-</c>.</summary>
    Adj,
}
