using System.Text.Json;
using AgentHub.Realtime.FanOut;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Realtime.Transport;

/// <summary>Small JSON helpers for the realtime HTTP surface (upgrade refusals, the broadcast API).</summary>
internal static class HttpResponses
{
    /// <summary>Writes <c>{"&lt;property&gt;": message}</c> with a status.</summary>
    public static Task WriteAsync(HttpContext context, int status, string property, string message) =>
        WriteAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString(property, message);
            writer.WriteEndObject();
        });

    public static Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = ServerPayloads.Write(write);
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// The request's <c>x-*</c> headers as a JSON object, which channel policies read as
    /// <c>request.headers</c> (Supabase passes the same set). <c>x-api-key</c> is left out: it is a
    /// credential, and the policies already get its claims.
    /// </summary>
    public static string XHeadersJson(IHeaderDictionary headers) => System.Text.Encoding.UTF8.GetString(ServerPayloads.Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var (name, values) in headers)
        {
            if (name.StartsWith("x-", StringComparison.OrdinalIgnoreCase) && !name.Equals("x-api-key", StringComparison.OrdinalIgnoreCase))
            {
                writer.WriteString(name.ToLowerInvariant(), values.ToString());
            }
        }

        writer.WriteEndObject();
    }));
}
