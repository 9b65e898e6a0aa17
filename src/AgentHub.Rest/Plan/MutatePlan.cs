namespace AgentHub.Rest.Plan;

/// <summary>POST/PATCH/PUT/DELETE on a table or view (data-api.md §10).</summary>
/// <param name="Context">Request-wide facts.</param>
/// <param name="Kind">Which write.</param>
/// <param name="Query">
/// Root <see cref="QueryNode.Where"/>, <see cref="QueryNode.Order"/> and <see cref="QueryNode.Range"/>
/// restrict UPDATE/DELETE (INSERT ignores them, as PostgREST does); <see cref="QueryNode.Select"/>
/// with its embeds shapes the representation returned with <c>return=representation</c>.
/// </param>
/// <param name="Columns"><c>columns=</c>: the payload keys to use, or <see langword="null"/> for "the payload's keys".</param>
/// <param name="OnConflict"><c>on_conflict=</c>: the conflict target for upserts, or <see langword="null"/> for the primary key.</param>
internal sealed record MutatePlan(
    PlanContext Context,
    MutationKind Kind,
    QueryNode Query,
    ValueList<string>? Columns,
    ValueList<string>? OnConflict) : RestPlan(Context)
{
    /// <summary>What to send back; writes default to <see cref="ReturnPreference.Minimal"/>.</summary>
    public ReturnPreference Return => Context.Preferences.Return ?? ReturnPreference.Minimal;

    public ResolutionPreference? Resolution => Context.Preferences.Resolution;

    /// <summary>Whether listed columns missing from a payload object take their DEFAULT instead of NULL.</summary>
    public bool MissingUsesDefault => Context.Preferences.Missing == MissingPreference.Default;

    public override string ToString()
    {
        var text = $"{Context} {Kind.ToString().ToLowerInvariant()}";
        if (Columns is not null)
        {
            text += " columns=(" + string.Join(", ", Columns.Select(PlanText.Identifier)) + ")";
        }

        if (OnConflict is not null)
        {
            text += " on_conflict=(" + string.Join(", ", OnConflict.Select(PlanText.Identifier)) + ")";
        }

        return text + " [" + Query + "]";
    }
}
