namespace AgentHub.Rest.Plan;

/// <summary><c>is.null</c>, <c>is.not_null</c>, <c>is.true</c>, <c>is.false</c>, <c>is.unknown</c>.</summary>
internal sealed record IsOperation(IsValue Value) : FilterOperation
{
    public override string ToString() => "is " + Value switch
    {
        IsValue.Null => "null",
        IsValue.NotNull => "not_null",
        IsValue.True => "true",
        IsValue.False => "false",
        _ => "unknown",
    };
}
