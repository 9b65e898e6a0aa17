using AgentHub.Auth.GoTrue.Http;
using AgentHub.Auth.GoTrue.Users;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Endpoints;

/// <summary><c>POST /signup</c>.</summary>
internal static class SignupEndpoint
{
    public static async Task<IResult> Handle(HttpContext http, SignupService signup)
    {
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        return await signup.SignUpAsync(body, http).ConfigureAwait(false);
    }
}
