using System.Text.Json;
using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Execution;

/// <summary>Error bodies: PostgREST's four keys, or the gateway's one-key form for API-key failures.</summary>
internal static class ErrorResponses
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static RestResponse From(RestError error)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Execution.JsonOutput.Options))
        {
            error.WriteJson(writer);
        }

        var response = new RestResponse(error.Status) { ContentType = JsonContentType, Body = buffer.ToArray() };
        if (error.Code.Length > 0)
        {
            response.Header("Proxy-Status", "PostgREST; error=" + error.Code);
        }

        if (error.Code == RestErrorCodes.SchemaCacheNotLoaded)
        {
            response.Header("Retry-After", "1");
        }

        return response;
    }

    /// <summary>The Supabase gateway's answer to a missing or unknown <c>apikey</c>: <c>{"message": ...}</c>, 401.</summary>
    public static RestResponse Gateway(string message)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Execution.JsonOutput.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return new RestResponse(401) { ContentType = JsonContentType, Body = buffer.ToArray() };
    }
}
