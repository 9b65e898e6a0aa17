using AgentHub.Auth.Keys;
using AgentHub.Auth.Tokens;
using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Execution;

/// <summary>
/// The gateway's API-key check, then PostgREST's JWT rules (data-api.md §17.1–17.2): no
/// Authorization header is the anon role; a bearer token must verify (PGRST301) and be within its
/// lifetime (PGRST303); its role claim is the role the request runs as.
/// </summary>
internal sealed class RequestAuthenticator(ApiKeys keys, TokenVerifier tokens, string anonRole = "anon")
{
    public async ValueTask<(RequestIdentity? Identity, RestResponse? Error)> AuthenticateAsync(string? apiKey, string? authorization)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            return (null, ErrorResponses.Gateway("No API key found in request"));
        }

        if (!string.Equals(apiKey, keys.Anon, StringComparison.Ordinal) && !string.Equals(apiKey, keys.ServiceRole, StringComparison.Ordinal))
        {
            return (null, ErrorResponses.Gateway("Invalid API key"));
        }

        if (authorization is null)
        {
            return (new RequestIdentity(anonRole, $$"""{"role":"{{anonRole}}"}""", true), null);
        }

        var token = BearerToken(authorization);
        if (string.IsNullOrEmpty(token))
        {
            return (null, Unauthorized(RestErrorCodes.JwtInvalid, token is null ? "Missing authorization scheme" : "Empty JWT is sent in Authorization header"));
        }

        var parts = token.AsSpan().Count('.') + 1;
        if (parts != 3)
        {
            return (null, Unauthorized(RestErrorCodes.JwtInvalid, $"Expected 3 parts in JWT; got {parts}"));
        }

        var check = await tokens.VerifyAsync(token).ConfigureAwait(false);
        if (check.Token is not { } verified)
        {
            return check.Failure == TokenFailure.Invalid
                ? (null, Unauthorized(RestErrorCodes.JwtInvalid, "JWSError JWSInvalidSignature"))
                : (null, Unauthorized(RestErrorCodes.JwtClaimsInvalid, check.Message));
        }

        return (new RequestIdentity(verified.Role, verified.ClaimsJson, verified.Role == anonRole), null);
    }

    /// <summary>The token after <c>Bearer </c> (any case); empty when blank; null when another scheme.</summary>
    private static string? BearerToken(string authorization)
    {
        var value = authorization.Trim();
        if (value.Length >= 6 && value.StartsWith("bearer", StringComparison.OrdinalIgnoreCase) && (value.Length == 6 || value[6] == ' '))
        {
            return value[6..].Trim();
        }

        return null;
    }

    private static RestResponse Unauthorized(string code, string message)
    {
        var response = ErrorResponses.From(new RestError(code, 401, message));
        response.Header("WWW-Authenticate", $"Bearer error=\"invalid_token\", error_description=\"{message}\"");
        return response;
    }
}
