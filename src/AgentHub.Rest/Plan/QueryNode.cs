namespace AgentHub.Rest.Plan;

/// <summary>
/// One level of a read: what to select, the AND-ed conditions, the order and the page range. The root
/// node is the target resource; each <see cref="EmbedItem"/> in <see cref="Select"/> carries its own.
/// </summary>
internal sealed record QueryNode(
    ValueList<SelectItem> Select,
    ValueList<Condition> Where,
    ValueList<OrderTerm> Order,
    PageRange Range)
{
    public static QueryNode Of(ValueList<SelectItem> select) =>
        new(select, ValueList<Condition>.Empty, ValueList<OrderTerm>.Empty, PageRange.All);

    /// <summary><c>select; where a and b; order x desc; offset 5 limit 10</c> (empty parts omitted).</summary>
    public override string ToString()
    {
        var text = Select.ToString();
        if (Where.Count > 0)
        {
            text += "; where " + string.Join(" and ", Where);
        }

        if (Order.Count > 0)
        {
            text += "; order " + Order;
        }

        return Range.IsAll ? text : text + "; " + Range;
    }
}
