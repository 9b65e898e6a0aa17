namespace AgentHub.Rest.Plan;

/// <summary>
/// A selected column: <c>alias:data-&gt;a::text</c>, optionally aggregated (<c>amount.sum()::int</c>).
/// </summary>
/// <param name="Field">Column and JSON path.</param>
/// <param name="Alias">Output key when given (<c>alias:</c>).</param>
/// <param name="Cast">Type name of <c>::type</c> applied to the column (before the aggregate).</param>
/// <param name="Aggregate">Aggregate applied to the (cast) column, if any.</param>
/// <param name="AggregateCast">Type name of <c>::type</c> applied to the aggregate result.</param>
internal sealed record ColumnItem(
    Field Field,
    string? Alias = null,
    string? Cast = null,
    AggregateFunction? Aggregate = null,
    string? AggregateCast = null) : SelectItem
{
    /// <summary>The JSON key of this column in the response.</summary>
    public string OutputName => Alias ?? (Aggregate is { } aggregate ? AggregateName(aggregate) : Field.OutputName);

    public override string ToString()
    {
        var text = (Alias is null ? "" : PlanText.Identifier(Alias) + ":") + Field;
        if (Cast is not null)
        {
            text += "::" + Cast;
        }

        if (Aggregate is { } function)
        {
            text += "." + AggregateName(function) + "()";
        }

        return AggregateCast is null ? text : text + "::" + AggregateCast;
    }

    internal static string AggregateName(AggregateFunction function) => function switch
    {
        AggregateFunction.Count => "count",
        AggregateFunction.Sum => "sum",
        AggregateFunction.Avg => "avg",
        AggregateFunction.Max => "max",
        _ => "min",
    };
}
