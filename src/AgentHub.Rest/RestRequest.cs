namespace AgentHub.Rest;

/// <summary>
/// A data-API request as the host hands it over: no ASP.NET types, so the parser is testable and
/// fuzzable on its own.
/// </summary>
/// <param name="Method">HTTP method, upper-case (<c>GET</c>, <c>POST</c>, ...).</param>
/// <param name="Target">The addressed relation or function (see <see cref="Parsing.ResourcePathParser"/>).</param>
/// <param name="Query">
/// Query parameters in URL order, already decoded (<c>+</c> as space, then percent-decoding), as
/// ASP.NET's query parsing yields them. Keys may repeat.
/// </param>
/// <param name="Headers">The headers the parser reads.</param>
internal sealed record RestRequest(
    string Method,
    RestTarget Target,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    RestRequestHeaders Headers);
