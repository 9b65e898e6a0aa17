namespace AgentHub.Rest.Plan;

/// <summary>GET/HEAD on a table or view.</summary>
/// <param name="Context">Request-wide facts.</param>
/// <param name="Query">Root query: select tree, filters, order and page (Range header already applied).</param>
internal sealed record ReadPlan(PlanContext Context, QueryNode Query) : RestPlan(Context)
{
    /// <summary>HEAD: same statuses and headers, no body (the JSON aggregation can be skipped).</summary>
    public bool IsHead => Context.Method == RestMethod.Head;

    public override string ToString() => $"{Context} read [{Query}]";
}
