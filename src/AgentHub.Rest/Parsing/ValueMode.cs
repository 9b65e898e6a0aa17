namespace AgentHub.Rest.Parsing;

/// <summary>How far a single filter value extends.</summary>
internal enum ValueMode
{
    /// <summary>A top-level <c>col=op.value</c>: the value is the rest of the parameter, verbatim.</summary>
    /// <remarks>Quotes are not special here (PostgREST's <c>pSingleVal = many anyChar</c>):
    /// <c>name=eq."x"</c> compares with the 3-char string <c>"x"</c>.</remarks>
    TopLevel,

    /// <summary>Inside <c>or=(...)</c>: the value ends at <c>,</c> or <c>)</c> unless double-quoted
    /// or a <c>{...}</c> array literal.</summary>
    InTree,
}
