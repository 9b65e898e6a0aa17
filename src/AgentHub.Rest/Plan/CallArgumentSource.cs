namespace AgentHub.Rest.Plan;

/// <summary>Where an RPC's arguments come from (data-api.md §11).</summary>
internal enum CallArgumentSource
{
    /// <summary>POST: each key of the JSON object body is a named argument.</summary>
    Body,
    /// <summary>POST with <c>Prefer: params=single-object</c>: the whole body is one json argument.</summary>
    SingleObject,
    /// <summary>GET/HEAD: query parameters without an operator are arguments.</summary>
    Query,
}
