namespace AgentHub.Rest.Plan;

/// <summary>Which write a <see cref="MutatePlan"/> performs.</summary>
internal enum MutationKind
{
    /// <summary>POST without <c>resolution</c>.</summary>
    Insert,
    /// <summary>POST with <c>Prefer: resolution=</c> (ON CONFLICT DO UPDATE / DO NOTHING).</summary>
    Upsert,
    /// <summary>PATCH.</summary>
    Update,
    /// <summary>DELETE.</summary>
    Delete,
    /// <summary>PUT: single-row upsert keyed by primary-key <c>eq</c> filters (MAY).</summary>
    SingleUpsert,
}
