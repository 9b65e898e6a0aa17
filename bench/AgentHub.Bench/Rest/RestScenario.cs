namespace AgentHub.Bench.Rest;

/// <summary>
/// One data API request shape, as the HTTP request the load generator sends and as the statement
/// the hub runs for it (the ceiling sends that statement itself).
/// </summary>
/// <param name="Name">Row label.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="PathAndQuery">Under /rest/v1, e.g. <c>items?select=*&amp;id=eq.{0}</c>; {0} is a random row id.</param>
/// <param name="Body">JSON body for a random row id (or null).</param>
/// <param name="Prefer">Prefer header, or null.</param>
/// <param name="ExpectedStatus">What a correct answer returns.</param>
/// <param name="Sql">The hub's main statement for this shape (same text, so the same prepared plan).</param>
/// <param name="Parameters">Its parameters for a random row id: (value, Npgsql type name as the hub sends it).</param>
/// <param name="ReadOnly">Whether the hub runs it in a READ ONLY transaction.</param>
internal sealed record RestScenario(
    string Name,
    HttpMethod Method,
    string PathAndQuery,
    Func<long, string>? Body,
    string? Prefer,
    int ExpectedStatus,
    string Sql,
    Func<long, RestParameter[]> Parameters,
    bool ReadOnly);

/// <summary>A statement parameter the way the hub types it: <c>unknown</c> for filter values from the URL, json for bodies, bigint for limits.</summary>
internal readonly record struct RestParameter(object Value, NpgsqlTypes.NpgsqlDbType Type);
