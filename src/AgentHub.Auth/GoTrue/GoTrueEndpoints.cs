using AgentHub.Auth.GoTrue.Endpoints;
using AgentHub.Auth.GoTrue.Errors;
using AgentHub.Auth.GoTrue.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentHub.Auth.GoTrue;

/// <summary>
/// Maps the GoTrue-compatible auth API (the subset supabase-js uses for email and password, plus
/// the admin user API) under a base path, normally <c>/auth/v1</c>. See docs: auth-api.md.
/// </summary>
/// <remarks>
/// Every endpoint but the JWKS document needs an API key (<see cref="ApiKeyFilter"/>); expected
/// failures become GoTrue's error bodies (<see cref="AuthErrorFilter"/>). <c>/token</c> is rate
/// limited (<see cref="GoTrueRateLimits.Token"/>), which needs the rate limiting middleware in the
/// pipeline (<c>UseRateLimiter</c>).
/// </remarks>
internal static class GoTrueEndpoints
{
    public const string DefaultBasePath = "/auth/v1";

    public static RouteGroupBuilder MapGoTrue(this IEndpointRouteBuilder routes, string basePath = DefaultBasePath)
    {
        // Public as on Supabase, where the gateway lets the key set through without an API key.
        routes.MapGet(basePath + "/.well-known/jwks.json", InfoEndpoints.Jwks);

        var api = routes.MapGroup(basePath);
        api.AddEndpointFilter<AuthErrorFilter>();
        api.AddEndpointFilter<ApiKeyFilter>();

        api.MapGet("/settings", InfoEndpoints.Settings);
        api.MapGet("/health", InfoEndpoints.Health);
        api.MapPost("/signup", SignupEndpoint.Handle);
        api.MapPost("/token", TokenEndpoint.Handle).RequireRateLimiting(GoTrueRateLimits.Token);
        api.MapGet("/user", UserEndpoints.Get);
        api.MapPut("/user", UserEndpoints.Update);
        api.MapPost("/logout", UserEndpoints.Logout);

        var admin = api.MapGroup("/admin/users");
        admin.MapGet("", AdminUserEndpoints.List);
        admin.MapPost("", AdminUserEndpoints.Create);
        admin.MapGet("/{id}", AdminUserEndpoints.Get);
        admin.MapPut("/{id}", AdminUserEndpoints.Update);
        admin.MapDelete("/{id}", AdminUserEndpoints.Delete);
        return api;
    }
}
