using System.Buffers;
using AgentHub.Rest.Execution;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Rest.Http;

/// <summary>Writes a <see cref="RestResponse"/>; HEAD and 204 get headers only.</summary>
internal static class RestResponseWriter
{
    public static void Write(HttpContext http, RestResponse response)
    {
        var target = http.Response;
        target.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            target.Headers.Append(name, value);
        }

        if (response.ContentType is not null && response.Status != 204)
        {
            target.ContentType = response.ContentType;
        }

        if (HttpMethods.IsHead(http.Request.Method) || response.Status == 204 || response.Body.IsEmpty)
        {
            return;
        }

        // Into Kestrel's pipe without flushing: the body is already whole, and Kestrel flushes headers
        // and body in one send when the request ends, instead of an awaited flush here and a second
        // pass at the end.
        target.ContentLength = response.Body.Length;
        target.BodyWriter.Write(response.Body.Span);
    }
}
