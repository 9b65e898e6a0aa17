namespace AgentHub.Rest.Plan;

/// <summary>
/// An embedded resource: <c>alias:relation!hint!inner(children)</c> or a spread
/// <c>...relation!hint(children)</c>. Its <see cref="Query"/> holds the children plus every modifier
/// addressed to it (<c>rel.col=eq.1</c>, <c>rel.order=</c>, <c>rel.limit=</c>, <c>rel.or=</c>).
/// </summary>
/// <param name="Relation">Table/view/FK-column name as written; resolved later against the schema cache.</param>
/// <param name="Alias">Output key (never set for a spread).</param>
/// <param name="Hint">Disambiguation hint (<c>!constraint</c>, <c>!fk_column</c>, <c>!junction</c>).</param>
/// <param name="Join">Explicit join type; <see langword="null"/> means the default (left).</param>
/// <param name="IsSpread">Whether written <c>...relation(...)</c>.</param>
/// <param name="Query">Children and embed-level filters, order and range.</param>
internal sealed record EmbedItem(
    string Relation,
    string? Alias,
    string? Hint,
    JoinType? Join,
    bool IsSpread,
    QueryNode Query) : SelectItem
{
    /// <summary>The name query-string modifiers use for this embed in PostgREST's null-filter rule: the alias, else the relation.</summary>
    public string Name => Alias ?? Relation;

    /// <summary>Whether an embed path segment addresses this embed (by relation name or alias).</summary>
    public bool IsAddressedBy(string segment) => segment == Relation || segment == Alias;

    public override string ToString()
    {
        var head = IsSpread ? "..." : Alias is null ? "" : PlanText.Identifier(Alias) + ":";
        head += PlanText.Identifier(Relation);
        if (Hint is not null)
        {
            head += "!" + PlanText.Identifier(Hint);
        }

        if (Join is { } join)
        {
            head += join == JoinType.Inner ? "!inner" : "!left";
        }

        return head + "(" + Query + ")";
    }
}
