namespace AgentHub.Rest.Plan;

/// <summary>
/// One term of <c>order=</c>: <c>col[.asc|.desc][.nullsfirst|.nullslast]</c>, or
/// <c>rel(col).desc</c> to order the parent by a to-one embed's column.
/// </summary>
/// <param name="Relation">Embed name for <c>rel(col)</c> terms, else <see langword="null"/>.</param>
/// <param name="Field">Column and optional JSON path.</param>
/// <param name="Direction">Explicit direction; <see langword="null"/> means Postgres' default (ascending).</param>
/// <param name="Nulls">Explicit nulls placement; <see langword="null"/> means Postgres' default.</param>
internal sealed record OrderTerm(string? Relation, Field Field, OrderDirection? Direction = null, NullsOrder? Nulls = null)
{
    public override string ToString()
    {
        var text = Relation is null ? Field.ToString() : PlanText.Identifier(Relation) + "(" + Field + ")";
        if (Direction is { } direction)
        {
            text += direction == OrderDirection.Asc ? " asc" : " desc";
        }

        if (Nulls is { } nulls)
        {
            text += nulls == NullsOrder.First ? " nullsfirst" : " nullslast";
        }

        return text;
    }
}
