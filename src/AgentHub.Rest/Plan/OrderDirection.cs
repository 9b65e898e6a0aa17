namespace AgentHub.Rest.Plan;

/// <summary>Sort direction of an <see cref="OrderTerm"/>.</summary>
internal enum OrderDirection
{
    Asc,
    Desc,
}
