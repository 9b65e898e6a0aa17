namespace AgentHub.Rest.IntegrationTests;

/// <summary>
/// One HTTP scenario (PocketBase's ApiScenario): a sentence name, the request, the expected status,
/// text that must and must not appear in the body, headers, and side effects checked in SQL.
/// </summary>
public sealed record Scenario(string Name)
{
    public string Method { get; init; } = "GET";

    public string Url { get; init; } = "";

    public string? Body { get; init; }

    /// <summary>Who sends it: <c>anon</c> (anon key as bearer), <c>service</c>, <c>alice</c>, <c>bob</c>, <c>none</c> (no Authorization), or a raw token.</summary>
    public string As { get; init; } = "anon";

    /// <summary>The apikey header; null sends the anon key, empty sends none.</summary>
    public string? ApiKey { get; init; }

    public (string Name, string Value)[] Headers { get; init; } = [];

    public int Status { get; init; }

    /// <summary>The exact body, when given.</summary>
    public string? Exact { get; init; }

    public string[] Contains { get; init; } = [];

    public string[] NotContains { get; init; } = [];

    /// <summary>Response headers that must have these values (null: must be absent).</summary>
    public (string Name, string? Value)[] ExpectHeaders { get; init; } = [];

    /// <summary>SQL run as superuser before the request.</summary>
    public string? Setup { get; init; }

    /// <summary>SQL queries (first column of the first row, as text) and the value each must give afterwards.</summary>
    public (string Sql, string? Expected)[] After { get; init; } = [];

    public override string ToString() => Name;
}
