namespace AgentHub.Rest.Sql;

/// <summary>One positional parameter (<c>$n</c>) of a statement.</summary>
internal readonly record struct SqlParameter(SqlParameterType Type, object Value)
{
    public override string ToString() => Type.ToString().ToLowerInvariant() + ":" + Value switch
    {
        string s => Plan.PlanText.Literal(s, '\''),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };
}
