using System.Text.Json;
using AgentHub.Auth.GoTrue.Users;

namespace AgentHub.Auth.GoTrue.Sessions;

/// <summary>
/// The token response (auth-js's <c>Session</c>): <c>access_token</c>, <c>token_type</c>,
/// <c>expires_in</c>, <c>expires_at</c>, <c>refresh_token</c>, <c>user</c>, and <c>weak_password</c>
/// when a password sign-in used a password below the current policy.
/// </summary>
internal static class SessionJson
{
    public static void Write(Utf8JsonWriter w, string accessToken, int expiresIn, long expiresAt, string refreshToken, UserRecord user, string? weakPasswordMessage = null)
    {
        w.WriteStartObject();
        w.WriteString("access_token", accessToken);
        w.WriteString("token_type", "bearer");
        w.WriteNumber("expires_in", expiresIn);
        w.WriteNumber("expires_at", expiresAt);
        w.WriteString("refresh_token", refreshToken);
        w.WritePropertyName("user");
        UserJson.Write(w, user);
        if (weakPasswordMessage is not null)
        {
            w.WriteStartObject("weak_password");
            w.WriteStartArray("reasons");
            w.WriteStringValue("length");
            w.WriteEndArray();
            w.WriteString("message", weakPasswordMessage);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
