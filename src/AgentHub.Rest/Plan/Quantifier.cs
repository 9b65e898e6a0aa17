namespace AgentHub.Rest.Plan;

/// <summary>Modifier of <c>eq(any)</c>, <c>like(all)</c> etc.: compare against each element of an array literal.</summary>
internal enum Quantifier
{
    None,
    Any,
    All,
}
