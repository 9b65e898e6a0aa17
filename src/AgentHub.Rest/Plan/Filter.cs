namespace AgentHub.Rest.Plan;

/// <summary>A horizontal filter <c>field=[not.]op.value</c> (data-api.md §7.1).</summary>
/// <param name="Field">Column and optional JSON path (no cast: filtering on a cast is not allowed).</param>
/// <param name="Negated">Whether prefixed with <c>not.</c>.</param>
/// <param name="Operation">Operator and its value(s); values stay untyped text for Postgres to coerce.</param>
internal sealed record Filter(Field Field, bool Negated, FilterOperation Operation) : Condition
{
    public override string ToString() => (Negated ? "not " : "") + Field + " " + Operation;
}
