namespace AgentHub.Rest.Plan;

/// <summary>A boolean condition of a WHERE tree: <see cref="Filter"/>, <see cref="LogicTree"/> or
/// <see cref="EmbedNullFilter"/>. Sibling conditions of a <see cref="QueryNode"/> are AND-ed.</summary>
internal abstract record Condition
{
    public abstract override string ToString();
}
