using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Http;
using AgentHub.Auth.GoTrue.Sessions;
using AgentHub.Auth.GoTrue.Users;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Endpoints;

/// <summary><c>GET /user</c>, <c>PUT /user</c> and <c>POST /logout</c>: what a signed-in user does with their access token.</summary>
internal static class UserEndpoints
{
    public static async Task<IResult> Get(HttpContext http, CallerResolver callers)
    {
        var caller = await callers.ResolveAsync(http).ConfigureAwait(false);
        return JsonResponse.Ok(w => UserJson.Write(w, caller.User));
    }

    public static async Task<IResult> Update(HttpContext http, CallerResolver callers, UserUpdater updater)
    {
        var caller = await callers.ResolveAsync(http).ConfigureAwait(false);
        var body = await JsonBody.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        var user = await updater.UpdateAsync(caller, body, http.RequestAborted).ConfigureAwait(false);
        return JsonResponse.Ok(w => UserJson.Write(w, user));
    }

    public static async Task<IResult> Logout(HttpContext http, CallerResolver callers, SessionService sessions)
    {
        var caller = await callers.ResolveAsync(http).ConfigureAwait(false);
        var requested = http.Request.Query["scope"].ToString();
        var scope = requested switch
        {
            "" or "global" => LogoutScope.Global,
            "local" => LogoutScope.Local,
            "others" => LogoutScope.Others,
            _ => throw AuthError.Validation($"Unsupported logout scope \"{requested}\"").ToException(),
        };
        await sessions.LogoutAsync(caller.User.Id, caller.SessionId, scope, http.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }
}
