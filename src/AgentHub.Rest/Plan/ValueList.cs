namespace AgentHub.Rest.Plan;

/// <summary>Builder for <see cref="ValueList{T}"/> so collection expressions (<c>["a", "b"]</c>) work.</summary>
internal static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) =>
        items.IsEmpty ? ValueList<T>.Empty : new ValueList<T>(items.ToArray());

    public static ValueList<T> From<T>(List<T> items) =>
        items.Count == 0 ? ValueList<T>.Empty : new ValueList<T>(items.ToArray());
}
