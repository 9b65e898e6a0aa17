using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Http;
using AgentHub.Auth.GoTrue.Sessions;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Endpoints;

/// <summary><c>POST /token?grant_type=password|refresh_token</c>.</summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> Handle(HttpContext http, PasswordGrant passwordGrant, SessionService sessions)
    {
        var grantType = http.Request.Query["grant_type"].ToString();
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        switch (grantType)
        {
            case "password":
                return await passwordGrant.SignInAsync(body, http).ConfigureAwait(false);
            case "refresh_token":
                var refreshToken = body.String("refresh_token");
                if (string.IsNullOrEmpty(refreshToken)) throw AuthError.InvalidRequest("refresh_token required").ToException();
                return await sessions.RefreshAsync(refreshToken, http).ConfigureAwait(false);
            default:
                // GoTrue's answer to any grant it does not serve (here also pkce, id_token, web3).
                throw AuthError.BadRequest(AuthErrorCodes.InvalidCredentials, "unsupported_grant_type").ToException();
        }
    }
}
