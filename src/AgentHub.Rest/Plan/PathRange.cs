namespace AgentHub.Rest.Plan;

/// <summary>The <c>limit</c>/<c>offset</c> (or <c>rel.limit</c>/<c>rel.offset</c>) given for one embed path.</summary>
internal sealed record PathRange(ValueList<string> Path, long? Limit, long? Offset)
{
    public PageRange ToPageRange() => new(Offset ?? 0, Limit);
}
