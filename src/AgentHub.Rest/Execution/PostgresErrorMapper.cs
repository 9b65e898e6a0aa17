using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentHub.Rest.Errors;
using Npgsql;

namespace AgentHub.Rest.Execution;

/// <summary>
/// Turns Postgres errors into PostgREST responses (data-api.md §15.2, §15.4): the SQLSTATE picks the
/// status, the body carries code, message, detail and hint as Postgres reported them.
/// </summary>
internal static class PostgresErrorMapper
{
    public static RestResponse Map(PostgresException e, RequestIdentity identity)
    {
        if (e.SqlState == "PGRST" && CustomRaise(e) is { } custom)
        {
            return custom;
        }

        var status = Status(e.SqlState, e.MessageText, identity.IsAnonymous);
        var response = ErrorResponses.From(new RestError(e.SqlState, status, e.MessageText, e.Detail, e.Hint));
        if (status == 401)
        {
            response.Header("WWW-Authenticate", "Bearer");
        }

        return response;
    }

    public static int Status(string state, string message, bool anonymous)
    {
        if (state.Length == 5 && state.StartsWith("PT", StringComparison.Ordinal)
            && int.TryParse(state.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var custom) && custom >= 100)
        {
            return custom;
        }

        switch (state)
        {
            case "23503" or "23505": return 409;
            case "25006": return 405;
            case "42501": return anonymous ? 401 : 403;
            case "42883" or "42P01": return 404;
            case "42P17" or "53400": return 500;
            case "57P01": return 503;
            case "P0001": return 400;
            case "21000": return message.EndsWith("requires a WHERE clause", StringComparison.Ordinal) ? 400 : 500;
            case "22023" when message.StartsWith("role ", StringComparison.Ordinal) && message.EndsWith("does not exist", StringComparison.Ordinal): return 401;
        }

        return state[..2] switch
        {
            "08" or "53" => 503,
            "0L" or "0P" or "28" => 403,
            "09" or "25" or "2D" or "38" or "39" or "3B" or "40" or "54" or "55" or "57" or "58" or "F0" or "HV" or "XX" or "P0" => 500,
            _ => 400,
        };
    }

    /// <summary>
    /// <c>RAISE SQLSTATE 'PGRST' USING MESSAGE = '{"code":..,"message":..}', DETAIL = '{"status":..,"headers":{..}}'</c>:
    /// the function chooses body, status and headers. Malformed JSON falls back to the plain mapping.
    /// </summary>
    private static RestResponse? CustomRaise(PostgresException e)
    {
        try
        {
            using var message = JsonDocument.Parse(e.MessageText);
            using var detail = JsonDocument.Parse(e.Detail ?? "{}");
            if (message.RootElement.ValueKind != JsonValueKind.Object || detail.RootElement.ValueKind != JsonValueKind.Object
                || !detail.RootElement.TryGetProperty("status", out var status) || !status.TryGetInt32(out var code))
            {
                return null;
            }

            string? Field(string name) => message.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var response = ErrorResponses.From(new RestError(Field("code") ?? "", code, Field("message") ?? "", Field("details"), Field("hint")));
            if (detail.RootElement.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in headers.EnumerateObject())
                {
                    response.Header(header.Name, header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText());
                }
            }

            return response;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
