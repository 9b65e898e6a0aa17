namespace AgentHub.Rest.Plan;

/// <summary>The right-hand side of a <see cref="Filter"/>: <see cref="CompareOperation"/>,
/// <see cref="InOperation"/>, <see cref="IsOperation"/> or <see cref="FtsOperation"/>.</summary>
internal abstract record FilterOperation
{
    public abstract override string ToString();
}
