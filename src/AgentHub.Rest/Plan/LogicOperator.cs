namespace AgentHub.Rest.Plan;

/// <summary>Operator of a logic tree node.</summary>
internal enum LogicOperator
{
    And,
    Or,
}
