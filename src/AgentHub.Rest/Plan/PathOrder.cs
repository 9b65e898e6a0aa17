namespace AgentHub.Rest.Plan;

/// <summary>An <c>order</c> / <c>rel.order</c> parameter with its embed path.</summary>
internal sealed record PathOrder(ValueList<string> Path, ValueList<OrderTerm> Terms);
