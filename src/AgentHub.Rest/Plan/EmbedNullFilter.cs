namespace AgentHub.Rest.Plan;

/// <summary>
/// <c>rel=is.null</c> (anti-join) or <c>rel=not.is.null</c> (semi-join) on an embedded resource,
/// rewritten from a <see cref="Filter"/> by the plan builder once the name is known to be an embed.
/// </summary>
/// <param name="Embed">The embed's <see cref="EmbedItem.Name"/>.</param>
/// <param name="IsNull"><see langword="true"/> to keep parent rows without a matching child.</param>
internal sealed record EmbedNullFilter(string Embed, bool IsNull) : Condition
{
    public override string ToString() => "embed " + PlanText.Identifier(Embed) + (IsNull ? " is null" : " is not null");
}
