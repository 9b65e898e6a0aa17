namespace AgentHub.Rest.Plan;

/// <summary>
/// What a data-API request asks for, fully parsed but not yet checked against the schema:
/// <see cref="ReadPlan"/>, <see cref="MutatePlan"/> or <see cref="CallPlan"/>.
/// </summary>
internal abstract record RestPlan(PlanContext Context)
{
    /// <summary>Requested count mode (<c>Prefer: count=</c>), if any.</summary>
    public CountMode? Count => Context.Preferences.Count;

    public abstract override string ToString();
}
