namespace AgentHub.Rest.Plan;

/// <summary><c>op[(any|all)].value</c> for every single-value operator.</summary>
/// <param name="Operator">The operator.</param>
/// <param name="Quantifier">Set only on eq, gt, gte, lt, lte, like, ilike, match, imatch.</param>
/// <param name="Value">The raw value (top-level values are taken verbatim, quotes included).</param>
internal sealed record CompareOperation(FilterOperator Operator, Quantifier Quantifier, string Value) : FilterOperation
{
    public override string ToString() =>
        FilterOperators.Name(Operator)
        + Quantifier switch { Quantifier.Any => "(any)", Quantifier.All => "(all)", _ => "" }
        + " " + PlanText.Literal(Value);
}
