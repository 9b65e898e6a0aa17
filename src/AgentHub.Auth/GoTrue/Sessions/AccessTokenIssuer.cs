using System.Buffers;
using System.Text;
using System.Text.Json;
using AgentHub.Auth.GoTrue.Http;
using AgentHub.Auth.Keys;
using AgentHub.Auth.GoTrue.Users;

namespace AgentHub.Auth.GoTrue.Sessions;

/// <summary>
/// Issues access tokens with exactly GoTrue's claims, in its order: <c>iss</c>, <c>sub</c>,
/// <c>aud</c> (a string), <c>exp</c>, <c>iat</c>, <c>email</c>, <c>phone</c>, <c>app_metadata</c>,
/// <c>user_metadata</c>, <c>role</c>, <c>aal</c>, <c>amr</c>, <c>session_id</c>, <c>is_anonymous</c>.
/// HS256 with the project secret, so the data API and realtime accept them as they are.
/// </summary>
internal sealed class AccessTokenIssuer(JwtSecret secret, GoTrueOptions options, IssuerUrl issuer, TimeProvider time)
{
    /// <summary>The database role for users whose row has none.</summary>
    public const string DefaultRole = "authenticated";

    public int ExpiresIn => options.JwtExpirySeconds;

    /// <summary>Signs a token for the user and session; returns it with its <c>exp</c>.</summary>
    public (string Token, long ExpiresAt) Issue(UserRecord user, Guid sessionId, IReadOnlyList<AmrEntry> amr)
    {
        var issuedAt = time.GetUtcNow().ToUnixTimeSeconds();
        var expiresAt = issuedAt + options.JwtExpirySeconds;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("iss", issuer.Value);
            w.WriteString("sub", user.Id);
            w.WriteString("aud", user.Aud.Length > 0 ? user.Aud : DefaultRole);
            w.WriteNumber("exp", expiresAt);
            w.WriteNumber("iat", issuedAt);
            w.WriteString("email", user.Email);
            w.WriteString("phone", user.Phone);
            w.WritePropertyName("app_metadata");
            w.WriteRawValue(user.AppMetadataJson);
            w.WritePropertyName("user_metadata");
            w.WriteRawValue(user.UserMetadataJson);
            w.WriteString("role", user.Role.Length > 0 ? user.Role : DefaultRole);
            w.WriteString("aal", "aal1");
            w.WriteStartArray("amr");
            foreach (var entry in amr)
            {
                w.WriteStartObject();
                w.WriteString("method", entry.Method);
                w.WriteNumber("timestamp", entry.Timestamp);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("session_id", sessionId);
            w.WriteBoolean("is_anonymous", user.IsAnonymous);
            w.WriteEndObject();
        }
        return (TokenSigner.Sign(secret, Encoding.UTF8.GetString(buffer.WrittenSpan)), expiresAt);
    }
}
