namespace AgentHub.Rest.Plan;

/// <summary>A column reference with an optional JSON path: <c>data-&gt;phones-&gt;0-&gt;&gt;number</c>.</summary>
/// <remarks>The name is syntax-checked only; the schema-cache layer decides whether it exists.</remarks>
internal sealed record Field(string Name, ValueList<JsonPathStep> JsonPath)
{
    public Field(string name)
        : this(name, ValueList<JsonPathStep>.Empty)
    {
    }

    public bool HasJsonPath => JsonPath.Count > 0;

    /// <summary>
    /// The JSON key PostgREST gives this field when it is not aliased (data-api.md §5): the last path
    /// key, or for a trailing index the nearest preceding key, or the column name.
    /// </summary>
    public string OutputName
    {
        get
        {
            for (var i = JsonPath.Count - 1; i >= 0; i--)
            {
                if (JsonPath[i].Key is { } key)
                {
                    return key;
                }
            }

            return Name;
        }
    }

    public override string ToString() =>
        JsonPath.Count == 0 ? PlanText.Identifier(Name) : PlanText.Identifier(Name) + string.Concat(JsonPath);
}
