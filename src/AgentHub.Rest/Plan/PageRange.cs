namespace AgentHub.Rest.Plan;

/// <summary>
/// Rows to return: skip <see cref="Offset"/>, then at most <see cref="Limit"/> (unbounded when null).
/// Built from <c>limit</c>/<c>offset</c> and, for top-level reads, the <c>Range</c> header.
/// </summary>
internal readonly record struct PageRange(long Offset, long? Limit)
{
    public static PageRange All => new(0, null);

    public bool IsAll => Offset == 0 && Limit is null;

    /// <summary>Rows both ranges cover (PostgREST intersects the Range header with limit/offset).</summary>
    public PageRange Intersect(PageRange other)
    {
        var lower = Math.Max(Offset, other.Offset);
        var upper = Math.Min(UpperExclusive, other.UpperExclusive);
        if (upper == long.MaxValue)
        {
            return new PageRange(lower, null);
        }

        return new PageRange(lower, Math.Max(0, upper - lower));
    }

    /// <summary>One past the last row index, saturating at <see cref="long.MaxValue"/> for open ranges.</summary>
    private long UpperExclusive =>
        Limit is { } limit && limit <= long.MaxValue - Offset ? Offset + limit : long.MaxValue;

    public override string ToString() =>
        Limit is { } limit ? (Offset == 0 ? $"limit {limit}" : $"offset {Offset} limit {limit}") : $"offset {Offset}";
}
