namespace AgentHub.Rest.Plan;

/// <summary>A filter or logic tree from the query string with the embed path it addresses (empty: the root).</summary>
internal sealed record PathCondition(ValueList<string> Path, Condition Condition);
