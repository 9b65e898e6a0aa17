namespace AgentHub.Rest.Plan;

/// <summary>Parameters of <c>application/vnd.pgrst.plan+text; for="application/json"; options=analyze</c>.</summary>
internal sealed record PlanMedia(PlanFormat Format, MediaKind For, PlanOptions Options);
