namespace AgentHub.Rest.Plan;

/// <summary>One element of a <c>select</c> list: <see cref="StarItem"/>, <see cref="ColumnItem"/>,
/// <see cref="CountItem"/> or <see cref="EmbedItem"/>.</summary>
internal abstract record SelectItem
{
    public abstract override string ToString();
}
