namespace AgentHub.Rest.Plan;

/// <summary>Aggregates allowed in <c>select</c> (<c>col.sum()</c>, <c>count()</c>); off unless enabled.</summary>
internal enum AggregateFunction
{
    Count,
    Sum,
    Avg,
    Max,
    Min,
}
