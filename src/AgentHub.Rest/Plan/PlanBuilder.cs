using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Plan;

/// <summary>
/// Assembles a <see cref="ParsedQuery"/> into a <see cref="QueryNode"/> tree: each embed-path
/// modifier goes to the embed it names, <c>rel=is.null</c> becomes an <see cref="EmbedNullFilter"/>,
/// and the request-level checks that need only the select tree run here (PGRST108, PGRST120, PGRST123).
/// </summary>
/// <remarks>
/// A path segment addresses an embed by relation name or alias (first match wins, as in PostgREST);
/// the null-filter rule matches the alias, else the relation name. When a path receives several
/// <c>order</c> parameters the first wins. Checks needing the schema (PGRST118, PGRST200) come later.
/// </remarks>
internal static class PlanBuilder
{
    /// <param name="parsed">The parsed query string.</param>
    /// <param name="headerRange">The <c>Range</c> header's range (reads), intersected with the root limit/offset.</param>
    /// <param name="aggregatesEnabled">Whether aggregates are allowed; otherwise they are PGRST123.</param>
    public static QueryNode Build(ParsedQuery parsed, PageRange headerRange, bool aggregatesEnabled)
    {
        var root = new NodeBuilder(parsed.Select);
        foreach (var condition in parsed.Conditions)
        {
            root.Resolve(condition.Path).Where.Add(condition.Condition);
        }

        foreach (var order in parsed.Orders)
        {
            var node = root.Resolve(order.Path);
            node.Order ??= order.Terms;
        }

        foreach (var range in parsed.Ranges)
        {
            root.Resolve(range.Path).Range = range.ToPageRange();
        }

        root.Range = root.Range.Intersect(headerRange);
        return root.Build(aggregatesEnabled);
    }

    private sealed class NodeBuilder(ValueList<SelectItem> select)
    {
        private Dictionary<int, NodeBuilder>? _children;

        public List<Condition> Where { get; } = [];

        public ValueList<OrderTerm>? Order { get; set; }

        public PageRange Range { get; set; } = PageRange.All;

        public NodeBuilder Resolve(ValueList<string> path)
        {
            var node = this;
            foreach (var segment in path)
            {
                node = node.Child(segment);
            }

            return node;
        }

        public QueryNode Build(bool aggregatesEnabled)
        {
            var items = new SelectItem[select.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = select[i] switch
                {
                    EmbedItem embed => embed with
                    {
                        Query = (_children?.GetValueOrDefault(i) ?? new NodeBuilder(embed.Query.Select)).Build(aggregatesEnabled),
                    },
                    CountItem or ColumnItem { Aggregate: not null } when !aggregatesEnabled =>
                        throw new RestException(RestErrors.AggregatesNotAllowed()),
                    var other => other,
                };
            }

            var where = Where.ConvertAll(RewriteEmbedNulls);
            var order = Order ?? ValueList<OrderTerm>.Empty;
            foreach (var term in order)
            {
                if (term.Relation is { } relation && FindEmbed(relation) is null)
                {
                    throw new RestException(RestErrors.NotEmbedded(relation));
                }
            }

            return new QueryNode(new ValueList<SelectItem>(items), ValueList.From(where), order, Range);
        }

        private NodeBuilder Child(string segment)
        {
            for (var i = 0; i < select.Count; i++)
            {
                if (select[i] is EmbedItem embed && embed.IsAddressedBy(segment))
                {
                    _children ??= [];
                    if (!_children.TryGetValue(i, out var child))
                    {
                        child = new NodeBuilder(embed.Query.Select);
                        _children.Add(i, child);
                    }

                    return child;
                }
            }

            throw new RestException(RestErrors.NotEmbedded(segment));
        }

        private EmbedItem? FindEmbed(string segment)
        {
            foreach (var item in select)
            {
                if (item is EmbedItem embed && embed.IsAddressedBy(segment))
                {
                    return embed;
                }
            }

            return null;
        }

        /// <summary><c>rel=is.null</c> / <c>rel=not.is.null</c> on an embed name, also inside logic trees.</summary>
        private Condition RewriteEmbedNulls(Condition condition)
        {
            switch (condition)
            {
                case LogicTree tree:
                    var children = new Condition[tree.Children.Count];
                    for (var i = 0; i < children.Length; i++)
                    {
                        children[i] = RewriteEmbedNulls(tree.Children[i]);
                    }

                    return tree with { Children = new ValueList<Condition>(children) };
                case Filter { Field.HasJsonPath: false } filter:
                    foreach (var item in select)
                    {
                        if (item is EmbedItem embed && embed.Name == filter.Field.Name)
                        {
                            return filter.Operation switch
                            {
                                IsOperation { Value: IsValue.Null } => new EmbedNullFilter(embed.Name, IsNull: !filter.Negated),
                                IsOperation { Value: IsValue.NotNull } => new EmbedNullFilter(embed.Name, IsNull: filter.Negated),
                                _ => throw new RestException(RestErrors.UnacceptableFilter(embed.Relation)),
                            };
                        }
                    }

                    return filter;
                default:
                    return condition;
            }
        }
    }
}
