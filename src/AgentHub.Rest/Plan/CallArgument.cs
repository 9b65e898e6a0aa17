namespace AgentHub.Rest.Plan;

/// <summary>One <c>name=value</c> argument of an RPC GET/HEAD; a repeated name feeds a VARIADIC parameter.</summary>
internal sealed record CallArgument(string Name, string Value)
{
    public override string ToString() => PlanText.Identifier(Name) + "=" + PlanText.Literal(Value);
}
