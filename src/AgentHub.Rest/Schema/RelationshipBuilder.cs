namespace AgentHub.Rest.Schema;

/// <summary>
/// Derives the embeddable relationships from foreign keys and keys (data-api.md §6): each foreign
/// key gives a to-one relationship from the referencing side and a to-many (or one-to-one) one from
/// the referenced side; a junction table whose two foreign keys both lie within one of its keys gives
/// many-to-many relationships between the two sides.
/// </summary>
internal static class RelationshipBuilder
{
    public static Dictionary<QualifiedName, List<Relationship>> Build(
        IReadOnlyDictionary<QualifiedName, TableInfo> tables, IReadOnlyList<ForeignKeyInfo> foreignKeys)
    {
        var result = new Dictionary<QualifiedName, List<Relationship>>();
        void Add(Relationship r)
        {
            if (!result.TryGetValue(r.Source, out var list))
            {
                result[r.Source] = list = [];
            }

            list.Add(r);
        }

        foreach (var fk in foreignKeys)
        {
            var referencing = tables[fk.Table];
            var oneToOne = referencing.IsKey(fk.Columns);
            Add(new Relationship(fk.Table, fk.RefTable, oneToOne ? Cardinality.OneToOne : Cardinality.ManyToOne,
                fk.Constraint, fk.Columns, fk.RefColumns, SourceHoldsKey: true));
            Add(new Relationship(fk.RefTable, fk.Table, oneToOne ? Cardinality.OneToOne : Cardinality.OneToMany,
                fk.Constraint, fk.RefColumns, fk.Columns));
        }

        foreach (var group in foreignKeys.GroupBy(static fk => fk.Table))
        {
            var junction = tables[group.Key];
            var keys = group.ToList();
            foreach (var toSource in keys)
            {
                foreach (var toTarget in keys)
                {
                    if (ReferenceEquals(toSource, toTarget) || !junction.KeyContains([.. toSource.Columns, .. toTarget.Columns]))
                    {
                        continue;
                    }

                    Add(new Relationship(toSource.RefTable, toTarget.RefTable, Cardinality.ManyToMany, junction.Name.Name,
                        toSource.RefColumns, toTarget.RefColumns,
                        new Junction(junction.Name, toSource.Constraint, toSource.Columns, toTarget.Constraint, toTarget.Columns)));
                }
            }
        }

        return result;
    }
}
