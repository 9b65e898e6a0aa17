using System.Security.Cryptography;
using System.Text;
using AgentHub.Auth.Keys;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>
/// What Supabase's API gateway does before a request reaches GoTrue: the <c>apikey</c> header (or
/// <c>?apikey=</c>) must be one of the project's keys. The answers are the gateway's, not GoTrue's:
/// 401 <c>{"message":"No API key found in request"}</c> or <c>{"message":"Invalid API key",…}</c>.
/// Which user or admin is calling is decided separately, from <c>Authorization</c>.
/// </summary>
internal sealed class ApiKeyFilter(ApiKeys keys) : IEndpointFilter
{
    public const string HeaderName = "apikey";

    private readonly byte[][] _accepted = [Encoding.UTF8.GetBytes(keys.Anon), Encoding.UTF8.GetBytes(keys.ServiceRole)];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var key = request.Headers[HeaderName].ToString();
        if (key.Length == 0) key = request.Query[HeaderName].ToString();
        if (key.Length == 0) return GatewayError("No API key found in request", hint: null);
        if (!IsAccepted(key)) return GatewayError("Invalid API key", "Double check your Supabase `anon` or `service_role` API key.");
        return await next(context).ConfigureAwait(false);
    }

    private bool IsAccepted(string key)
    {
        var presented = Encoding.UTF8.GetBytes(key);
        var accepted = false;
        // Compare against every key in constant time, so timing tells nothing about how much matched.
        foreach (var candidate in _accepted) accepted |= CryptographicOperations.FixedTimeEquals(presented, candidate);
        return accepted;
    }

    private static JsonResponse GatewayError(string message, string? hint) => new(StatusCodes.Status401Unauthorized, w =>
    {
        w.WriteStartObject();
        w.WriteString("message", message);
        if (hint is not null) w.WriteString("hint", hint);
        w.WriteEndObject();
    });
}
