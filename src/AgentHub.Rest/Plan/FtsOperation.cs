namespace AgentHub.Rest.Plan;

/// <summary><c>fts(english).query</c>: full-text match with an optional text-search configuration.</summary>
internal sealed record FtsOperation(FtsOperator Operator, string? Language, string Value) : FilterOperation
{
    public override string ToString() =>
        FilterOperators.Name(Operator) + (Language is null ? "" : "(" + Language + ")") + " " + PlanText.Literal(Value);
}
