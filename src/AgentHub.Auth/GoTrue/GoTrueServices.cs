using System.Data.Common;
using AgentHub.Auth.GoTrue.Http;
using AgentHub.Auth.GoTrue.Passwords;
using AgentHub.Auth.GoTrue.Sessions;
using AgentHub.Auth.GoTrue.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;

namespace AgentHub.Auth.GoTrue;

/// <summary>Registers the auth API's services.</summary>
internal static class GoTrueServices
{
    /// <summary>
    /// Adds the auth API. <paramref name="database"/> must connect as a role that owns (or may write)
    /// the <c>auth</c> schema; the hub passes its migrating superuser. The host provides
    /// <see cref="Keys.JwtSecret"/>, <see cref="Keys.ApiKeys"/>, <see cref="Tokens.TokenVerifier"/> and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddGoTrue(this IServiceCollection services, GoTrueOptions options, DbDataSource database, string? publicUrl, string basePath = GoTrueEndpoints.DefaultBasePath)
    {
        services.AddSingleton(options);
        services.AddSingleton(sp => new IssuerUrl(publicUrl, basePath, sp.GetRequiredService<IServer>()));
        services.AddSingleton(new UserStore(database));
        services.AddSingleton(new SessionStore(database));
        services.AddSingleton<PasswordPolicy>();
        services.AddSingleton<BearerAuthenticator>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<PasswordGrant>();
        services.AddSingleton<UserCreator>();
        services.AddSingleton<SignupService>();
        services.AddSingleton<UserUpdater>();
        services.AddSingleton<AdminUserService>();
        // The endpoint filters and the rate limit policy are built by ASP.NET Core from these services.
        services.AddRateLimiter(GoTrueRateLimits.AddPolicies);
        return services;
    }
}
