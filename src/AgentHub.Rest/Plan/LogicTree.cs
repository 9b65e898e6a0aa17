namespace AgentHub.Rest.Plan;

/// <summary><c>[not.]and(...)</c> / <c>[not.]or(...)</c> with filters or nested trees as children (§7.2).</summary>
internal sealed record LogicTree(LogicOperator Operator, bool Negated, ValueList<Condition> Children) : Condition
{
    public override string ToString() =>
        (Negated ? "not." : "") + (Operator == LogicOperator.And ? "and" : "or") + "(" + Children + ")";
}
