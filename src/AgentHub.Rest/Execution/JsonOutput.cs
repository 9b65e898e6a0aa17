using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentHub.Rest.Execution;

/// <summary>JSON the server writes itself (errors, request.headers): only what JSON requires is escaped, as PostgREST does.</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
