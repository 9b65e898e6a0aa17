namespace AgentHub.Rest.Plan;

/// <summary><c>*</c>: every column of the relation, in table order.</summary>
internal sealed record StarItem : SelectItem
{
    public static StarItem Instance { get; } = new();

    public override string ToString() => "*";
}
