namespace AgentHub.Rest.Plan;

/// <summary>Bare <c>count()</c> (row count of the group), optionally aliased and cast.</summary>
internal sealed record CountItem(string? Alias = null, string? Cast = null) : SelectItem
{
    public override string ToString() =>
        (Alias is null ? "" : PlanText.Identifier(Alias) + ":") + "count()" + (Cast is null ? "" : "::" + Cast);
}
