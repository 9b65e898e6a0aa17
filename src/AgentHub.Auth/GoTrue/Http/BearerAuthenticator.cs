using System.Text.RegularExpressions;
using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.Tokens;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>
/// Reads and verifies <c>Authorization: Bearer &lt;JWT&gt;</c> as GoTrue does: 401
/// <c>no_authorization</c> without a well-formed header, 403 <c>bad_jwt</c> when the token does not
/// verify, 403 <c>not_admin</c> on admin endpoints for a role outside the admin roles.
/// </summary>
internal sealed partial class BearerAuthenticator(TokenVerifier verifier, GoTrueOptions options)
{
    public async Task<VerifiedToken> VerifyAsync(HttpRequest request)
    {
        var match = BearerPattern().Match(request.Headers.Authorization.ToString());
        if (!match.Success) throw new AuthError(401, AuthErrorCodes.NoAuthorization, "This endpoint requires a valid Bearer token").ToException();
        var token = match.Groups[1].Value;
        var check = await verifier.VerifyAsync(token).ConfigureAwait(false);
        if (!check.Succeeded)
        {
            throw AuthError.Forbidden(AuthErrorCodes.BadJwt, "invalid JWT: unable to parse or verify signature, " + Describe(check.Failure, token)).ToException();
        }
        return check.Token!;
    }

    public bool IsAdmin(VerifiedToken token) => options.AdminRoles.Contains(token.Role, StringComparer.Ordinal);

    /// <summary>The caller must hold an admin role (the service_role key does).</summary>
    public async Task<VerifiedToken> RequireAdminAsync(HttpRequest request)
    {
        var token = await VerifyAsync(request).ConfigureAwait(false);
        if (!IsAdmin(token)) throw AuthError.Forbidden(AuthErrorCodes.NotAdmin, "User not allowed").ToException();
        return token;
    }

    /// <summary>The reasons in the words of the Go JWT library GoTrue uses.</summary>
    private static string Describe(TokenFailure failure, string token) => failure switch
    {
        TokenFailure.Expired => "token has invalid claims: token is expired",
        TokenFailure.NotYetValid => "token has invalid claims: token is not valid yet",
        TokenFailure.IssuedInFuture => "token has invalid claims: token used before issued",
        _ when token.Count(c => c == '.') != 2 => "token is malformed: token contains an invalid number of segments",
        _ => "token signature is invalid: signature is invalid",
    };

    [GeneratedRegex(@"^[Bb]earer (\S+)$")]
    private static partial Regex BearerPattern();
}
