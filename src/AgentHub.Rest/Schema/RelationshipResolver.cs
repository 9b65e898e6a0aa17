using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Schema;

/// <summary>
/// Finds the relationship an embed names (PostgREST <c>findRel</c>): the target by table name, or by
/// the parent's single foreign-key column; a hint narrows by constraint name, a single join column
/// (either side) or the junction table. None is PGRST200, several PGRST201.
/// </summary>
internal static class RelationshipResolver
{
    public static Relationship Resolve(SchemaSnapshot schema, QualifiedName parent, string target, string? hint)
    {
        var all = schema.RelationshipsFrom(parent);
        var matches = new List<Relationship>(2);
        foreach (var r in all)
        {
            var targetMatches = r.Target.Name == target
                || (r.SourceHoldsKey && r.SourceColumns.Count == 1 && r.SourceColumns[0] == target);
            if (targetMatches && (hint is null || HintMatches(r, hint)))
            {
                matches.Add(r);
            }
        }

        if (matches.Count == 1)
        {
            return matches[0];
        }

        if (matches.Count == 0)
        {
            var suggestion = hint is null ? FuzzyNames.Closest(target, all.Select(static r => r.Target.Name).Distinct()) : null;
            throw new RestException(SchemaErrors.NoRelationship(parent.Name, target, hint, parent.Schema, suggestion));
        }

        throw new RestException(SchemaErrors.AmbiguousRelationship(parent.Name, target, matches));
    }

    private static bool HintMatches(Relationship r, string hint) =>
        r.Junction is { } junction
            ? junction.Table.Name == hint || junction.SourceConstraint == hint || junction.TargetConstraint == hint
            : r.Constraint == hint
                || (r.SourceColumns.Count == 1 && r.SourceColumns[0] == hint)
                || (r.TargetColumns.Count == 1 && r.TargetColumns[0] == hint);
}
