namespace AgentHub.Rest.Plan;

/// <summary>Explicit <c>nullsfirst</c> / <c>nullslast</c>.</summary>
internal enum NullsOrder
{
    First,
    Last,
}
