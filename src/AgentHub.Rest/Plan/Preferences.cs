namespace AgentHub.Rest.Plan;

/// <summary>
/// The recognised <c>Prefer</c> tokens (data-api.md §13). Each property is <see langword="null"/> when
/// the client did not ask; when a preference repeats, the first occurrence wins (as in PostgREST).
/// </summary>
/// <param name="Invalid">Unrecognised tokens, kept for <c>handling=strict</c> and diagnostics.</param>
internal sealed record Preferences(
    ReturnPreference? Return = null,
    CountMode? Count = null,
    ResolutionPreference? Resolution = null,
    MissingPreference? Missing = null,
    HandlingPreference? Handling = null,
    TransactionPreference? Transaction = null,
    string? Timezone = null,
    long? MaxAffected = null,
    bool SingleObjectParams = false,
    ValueList<string>? Invalid = null)
{
    public static Preferences None { get; } = new();

    /// <summary><c>max-affected</c> only binds under <c>handling=strict</c> (PostgREST v13).</summary>
    public long? EffectiveMaxAffected => Handling == HandlingPreference.Strict ? MaxAffected : null;

    /// <summary>
    /// The <c>Preference-Applied</c> value for everything recognised, in PostgREST's order. The
    /// execution layer drops what a given request did not honour (e.g. <c>return</c> on a read).
    /// </summary>
    public string AppliedHeaderValue()
    {
        var parts = new List<string>(8);
        if (Resolution is { } resolution)
        {
            parts.Add(resolution == ResolutionPreference.MergeDuplicates ? "resolution=merge-duplicates" : "resolution=ignore-duplicates");
        }

        if (Missing is { } missing)
        {
            parts.Add(missing == MissingPreference.Default ? "missing=default" : "missing=null");
        }

        if (Return is { } ret)
        {
            parts.Add(ret switch
            {
                ReturnPreference.Representation => "return=representation",
                ReturnPreference.HeadersOnly => "return=headers-only",
                _ => "return=minimal",
            });
        }

        if (SingleObjectParams)
        {
            parts.Add("params=single-object");
        }

        if (Count is { } count)
        {
            parts.Add(count switch { CountMode.Exact => "count=exact", CountMode.Planned => "count=planned", _ => "count=estimated" });
        }

        if (Transaction is { } tx)
        {
            parts.Add(tx == TransactionPreference.Commit ? "tx=commit" : "tx=rollback");
        }

        if (Handling is { } handling)
        {
            parts.Add(handling == HandlingPreference.Strict ? "handling=strict" : "handling=lenient");
        }

        if (Timezone is not null)
        {
            parts.Add("timezone=" + Timezone);
        }

        if (EffectiveMaxAffected is { } max)
        {
            parts.Add("max-affected=" + max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return string.Join(", ", parts);
    }

    public override string ToString()
    {
        var applied = AppliedHeaderValue();
        return Invalid is { Count: > 0 } invalid ? applied + " (invalid: " + invalid + ")" : applied;
    }
}
