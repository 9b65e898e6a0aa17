namespace AgentHub.Rest.Plan;

/// <summary>One <c>-&gt;key</c> / <c>-&gt;&gt;key</c> / <c>-&gt;0</c> step of a JSON path.</summary>
/// <param name="Arrow">Which operator.</param>
/// <param name="Key">The object key, or <see langword="null"/> when the step is an array index.</param>
/// <param name="Index">The array index (negative counts from the end); 0 when <paramref name="Key"/> is set.</param>
internal sealed record JsonPathStep(JsonArrow Arrow, string? Key, int Index)
{
    public bool IsIndex => Key is null;

    public static JsonPathStep ForKey(JsonArrow arrow, string key) => new(arrow, key, 0);

    public static JsonPathStep ForIndex(JsonArrow arrow, int index) => new(arrow, null, index);

    public override string ToString() =>
        (Arrow == JsonArrow.Json ? "->" : "->>") + (Key is null ? Index.ToString(System.Globalization.CultureInfo.InvariantCulture) : PlanText.Literal(Key, '\''));
}
