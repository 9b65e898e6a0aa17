namespace AgentHub.Rest.Plan;

/// <summary>
/// The query string, parsed but not yet assembled: modifiers are still flat lists keyed by embed
/// path. <see cref="PlanBuilder"/> hangs them on the select tree.
/// </summary>
/// <param name="Select">The select tree (<c>*</c> when the parameter is absent).</param>
/// <param name="Conditions">Filters and logic trees, in query-string order.</param>
/// <param name="Orders">Order parameters, in query-string order.</param>
/// <param name="Ranges">Limit/offset per embed path (one entry per path).</param>
/// <param name="Columns"><c>columns=</c>, if present.</param>
/// <param name="OnConflict"><c>on_conflict=</c>, if present.</param>
/// <param name="Arguments">RPC GET/HEAD arguments (parameters without an operator).</param>
internal sealed record ParsedQuery(
    ValueList<SelectItem> Select,
    ValueList<PathCondition> Conditions,
    ValueList<PathOrder> Orders,
    ValueList<PathRange> Ranges,
    ValueList<string>? Columns,
    ValueList<string>? OnConflict,
    ValueList<CallArgument> Arguments)
{
    /// <summary>Whether the root has <c>limit</c> or <c>offset</c> (not allowed with PUT).</summary>
    public bool HasRootRange => Ranges.Any(static r => r.Path.Count == 0);
}
