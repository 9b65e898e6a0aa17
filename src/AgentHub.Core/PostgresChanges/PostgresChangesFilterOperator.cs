namespace AgentHub.Core.PostgresChanges;

/// <summary>The filter operators of docs/realtime-protocol.md 6.4, named as on the wire.</summary>
public enum PostgresChangesFilterOperator
{
    /// <summary><c>eq</c>: <c>=</c>.</summary>
    Eq,

    /// <summary><c>neq</c>: <c>!=</c>.</summary>
    Neq,

    /// <summary><c>lt</c>: <c>&lt;</c>.</summary>
    Lt,

    /// <summary><c>lte</c>: <c>&lt;=</c>.</summary>
    Lte,

    /// <summary><c>gt</c>: <c>&gt;</c>.</summary>
    Gt,

    /// <summary><c>gte</c>: <c>&gt;=</c>.</summary>
    Gte,

    /// <summary><c>in</c>: <c>= ANY(array)</c>; values in <see cref="PostgresChangesFilterCondition.Values"/>.</summary>
    In,

    /// <summary><c>like</c>: <c>LIKE</c>.</summary>
    Like,

    /// <summary><c>ilike</c>: <c>ILIKE</c>.</summary>
    Ilike,

    /// <summary><c>match</c>: <c>~</c> (the regular expression is checked by the change-capture side).</summary>
    Match,

    /// <summary><c>imatch</c>: <c>~*</c>.</summary>
    Imatch,

    /// <summary><c>is</c>: <c>IS NULL/TRUE/FALSE/UNKNOWN</c>; the value is the lower-case keyword.</summary>
    Is,

    /// <summary><c>isdistinct</c>: <c>IS DISTINCT FROM</c>.</summary>
    IsDistinct,
}
