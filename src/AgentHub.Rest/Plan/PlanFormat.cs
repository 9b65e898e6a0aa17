namespace AgentHub.Rest.Plan;

/// <summary>Output format of <c>application/vnd.pgrst.plan[+text|+json]</c>.</summary>
internal enum PlanFormat
{
    Text,
    Json,
}
