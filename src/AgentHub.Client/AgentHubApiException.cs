using System.Net;
using System.Text.Json;

namespace AgentHub.Client;

/// <summary>
/// The hub answered with an error: PostgREST's shape (<c>code</c>, <c>message</c>, <c>details</c>,
/// <c>hint</c>), where <c>code</c> is a PGRST code or a PostgreSQL SQLSTATE.
/// </summary>
public sealed class AgentHubApiException : Exception
{
    /// <summary>Creates the exception from a response.</summary>
    public AgentHubApiException(HttpStatusCode status, string? code, string message, string? details, string? hint)
        : base($"{(int)status} {code}: {message}" + (details is null ? "" : $" ({details})") + (hint is null ? "" : $" Hint: {hint}"))
    {
        Status = status;
        Code = code;
        ApiMessage = message;
        Details = details;
        Hint = hint;
    }

    /// <summary>HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>PGRST code or SQLSTATE (e.g. <c>P0001</c> for a refused run transition).</summary>
    public string? Code { get; }

    /// <summary>The error message as the server wrote it.</summary>
    public string ApiMessage { get; }

    /// <summary>Details, when given.</summary>
    public string? Details { get; }

    /// <summary>Hint, when given.</summary>
    public string? Hint { get; }

    internal static AgentHubApiException From(HttpStatusCode status, string body)
    {
        try
        {
            var json = JsonDocument.Parse(body).RootElement;
            string? Text(string name) => json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new AgentHubApiException(status, Text("code") ?? Text("error_code"), Text("message") ?? Text("msg") ?? Text("error") ?? body, Text("details"), Text("hint"));
        }
        catch (JsonException)
        {
            return new AgentHubApiException(status, null, body.Length == 0 ? status.ToString() : body, null, null);
        }
    }
}
