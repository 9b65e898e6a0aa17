namespace AgentHub.Rest.Plan;

/// <summary><c>in.(v1,v2,"a,b")</c>; an empty list (<c>in.()</c>) matches no row.</summary>
internal sealed record InOperation(ValueList<string> Values) : FilterOperation
{
    public override string ToString() => "in (" + string.Join(", ", Values.Select(v => PlanText.Literal(v))) + ")";
}
