using AgentHub.Auth.GoTrue.Http;
using Microsoft.AspNetCore.Http;

namespace AgentHub.Auth.GoTrue.Endpoints;

/// <summary><c>GET /settings</c>, <c>GET /health</c> and <c>GET /.well-known/jwks.json</c>.</summary>
internal static class InfoEndpoints
{
    /// <summary>GoTrue's settings document: which providers are on, and the sign-up rules.</summary>
    public static IResult Settings(GoTrueOptions options) => JsonResponse.Ok(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("external");
        foreach (var provider in ExternalProviders) w.WriteBoolean(provider, false);
        w.WriteBoolean("anonymous_users", options.AnonymousUsersEnabled);
        w.WriteBoolean("email", options.EmailEnabled);
        w.WriteBoolean("phone", false);
        w.WriteEndObject();
        w.WriteBoolean("disable_signup", options.DisableSignup);
        w.WriteBoolean("mailer_autoconfirm", options.MailerAutoconfirm);
        w.WriteBoolean("phone_autoconfirm", false);
        w.WriteString("sms_provider", "");
        w.WriteBoolean("saml_enabled", false);
        w.WriteEndObject();
    });

    public static IResult Health() => JsonResponse.Ok(w =>
    {
        w.WriteStartObject();
        w.WriteString("version", "agenthub-" + (typeof(InfoEndpoints).Assembly.GetName().Version?.ToString(3) ?? "0"));
        w.WriteString("name", "GoTrue");
        w.WriteString("description", "GoTrue is a user registration and authentication API");
        w.WriteEndObject();
    });

    /// <summary>Tokens are HS256 only, so there is no public key to publish; auth-js never asks for one for HS256.</summary>
    public static IResult Jwks() => JsonResponse.Ok(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("keys");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>OAuth providers GoTrue lists; the hub offers none of them.</summary>
    private static readonly string[] ExternalProviders =
    [
        "apple", "azure", "bitbucket", "discord", "facebook", "figma", "fly", "github", "gitlab", "google", "keycloak",
        "kakao", "linkedin", "linkedin_oidc", "notion", "spotify", "slack", "slack_oidc", "workos", "twitch", "twitter", "zoom",
    ];
}
