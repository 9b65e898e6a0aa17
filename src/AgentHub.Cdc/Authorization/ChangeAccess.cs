namespace AgentHub.Cdc;

/// <summary>
/// The authorization decision for one (change, identity) pair, and the shape of the payload that
/// identity gets. Equal decisions give byte-identical payloads, so a host serializes once per
/// distinct <see cref="ChangeAccess"/> (and <c>select</c> list) and shares the bytes.
/// </summary>
/// <param name="Visibility">Whether, and as what, the change is delivered.</param>
/// <param name="Columns">The columns the identity may see; null for all of them.</param>
/// <param name="OldRecordKeysOnly">
/// True for a DELETE on a table with row-level security: <c>old_record</c> then carries only the
/// primary key, even with <c>REPLICA IDENTITY FULL</c> (spec 6.5), because DELETE is not RLS-checked.
/// </param>
public readonly record struct ChangeAccess(ChangeVisibility Visibility, ColumnMask? Columns = null, bool OldRecordKeysOnly = false)
{
    /// <summary>The whole change, as the service role sees it.</summary>
    public static ChangeAccess Full => new(ChangeVisibility.Visible);

    /// <summary>Nothing.</summary>
    public static ChangeAccess Hidden => new(ChangeVisibility.Hidden);

    /// <summary>The same decision restricted further to <paramref name="columns"/> (a subscription's <c>select</c> list).</summary>
    public ChangeAccess Restrict(ColumnMask? columns) => this with { Columns = ColumnMask.Intersect(Columns, columns) };
}
