namespace AgentHub.Rest.Schema;

/// <summary>What a function returns, for response shaping (data-api.md §11).</summary>
internal enum ReturnKind
{
    /// <summary><c>void</c>: 204.</summary>
    Void,
    /// <summary>A base, domain, enum, range or array type: a bare JSON value (or an array of them for SETOF).</summary>
    Scalar,
    /// <summary>A row type, <c>record</c> with OUT parameters or <c>TABLE(...)</c>: an object (or an array for SETOF).</summary>
    Composite,
}
