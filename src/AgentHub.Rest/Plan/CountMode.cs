namespace AgentHub.Rest.Plan;

/// <summary><c>Prefer: count=</c> (data-api.md §9).</summary>
internal enum CountMode
{
    Exact,
    Planned,
    Estimated,
}
