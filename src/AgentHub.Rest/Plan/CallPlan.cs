namespace AgentHub.Rest.Plan;

/// <summary>GET/HEAD/POST on <c>/rpc/f</c>.</summary>
/// <param name="Context">Request-wide facts; <see cref="PlanContext.Resource"/> is the function name.</param>
/// <param name="ArgumentSource">Where the arguments come from.</param>
/// <param name="Arguments">Query-string arguments in order (empty unless <see cref="CallArgumentSource.Query"/>).</param>
/// <param name="Columns"><c>columns=</c> restricting which body keys are arguments, if given.</param>
/// <param name="Query">Select, filters, order and range applied to the function's result set.</param>
internal sealed record CallPlan(
    PlanContext Context,
    CallArgumentSource ArgumentSource,
    ValueList<CallArgument> Arguments,
    ValueList<string>? Columns,
    QueryNode Query) : RestPlan(Context)
{
    public string Function => Context.Resource;

    /// <summary>GET/HEAD run READ ONLY whatever the function's volatility.</summary>
    public bool IsReadOnlyRequest => Context.Method is RestMethod.Get or RestMethod.Head;

    public override string ToString()
    {
        var text = $"{Context} call args={ArgumentSource.ToString().ToLowerInvariant()}";
        if (Arguments.Count > 0)
        {
            text += "(" + Arguments + ")";
        }

        if (Columns is not null)
        {
            text += " columns=(" + string.Join(", ", Columns.Select(PlanText.Identifier)) + ")";
        }

        return text + " [" + Query + "]";
    }
}
