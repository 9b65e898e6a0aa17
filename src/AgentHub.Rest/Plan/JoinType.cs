namespace AgentHub.Rest.Plan;

/// <summary>Embed join type from <c>!left</c> / <c>!inner</c>; absent means left (data-api.md §6).</summary>
internal enum JoinType
{
    Left,
    Inner,
}
