using System.Globalization;
using AgentHub.Auth.GoTrue.Http;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Errors;

/// <summary>
/// Writes an <see cref="AuthError"/> the way GoTrue does. A request announcing
/// <c>X-Supabase-Api-Version: 2024-01-01</c> or later (auth-js always does) gets
/// <c>{"code":"…","message":"…"}</c> and the version echoed; any other request gets the legacy
/// <c>{"code":400,"error_code":"…","msg":"…"}</c> (plus <c>error_id</c> on 5xx). Both carry
/// <c>x-sb-error-code</c>. auth-js reads <c>code</c> only when the version header comes back, and
/// <c>error_code</c> otherwise, so each client gets the shape it reads.
/// </summary>
internal sealed class AuthErrorResult(AuthError error) : IResult
{
    public const string VersionHeader = "X-Supabase-Api-Version";
    public const string ErrorCodeHeader = "x-sb-error-code";

    /// <summary>The only dated API version so far; later dates select it too.</summary>
    public const string Version20240101 = "2024-01-01";

    public AuthError Error => error;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var versioned = RequestsVersion20240101(httpContext.Request);
        var headers = httpContext.Response.Headers;
        if (versioned) headers[VersionHeader] = Version20240101;
        if (!error.OAuthStyle) headers[ErrorCodeHeader] = error.Code;
        var traceId = httpContext.TraceIdentifier;

        return new JsonResponse(error.Status, w =>
        {
            w.WriteStartObject();
            if (error.OAuthStyle)
            {
                w.WriteString("error", error.Code);
                w.WriteString("error_description", error.Message);
            }
            else if (versioned)
            {
                w.WriteString("code", error.Code);
                w.WriteString("message", error.Message);
            }
            else
            {
                w.WriteNumber("code", error.Status);
                w.WriteString("error_code", error.Code);
                w.WriteString("msg", error.Message);
                if (error.Status >= 500) w.WriteString("error_id", traceId);
            }
            if (error.WeakPasswordReasons is { } reasons)
            {
                w.WriteStartObject("weak_password");
                w.WriteStartArray("reasons");
                foreach (var reason in reasons) w.WriteStringValue(reason);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }).ExecuteAsync(httpContext);
    }

    private static bool RequestsVersion20240101(HttpRequest request) =>
        request.Headers.TryGetValue(VersionHeader, out var values)
        && DateOnly.TryParseExact(values.ToString().Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        && date >= new DateOnly(2024, 1, 1);
}
