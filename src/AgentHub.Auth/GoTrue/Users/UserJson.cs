using System.Text.Json;
using AgentHub.Auth.GoTrue.Http;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>
/// Writes a user as GoTrue's <c>models.User</c> marshals: its member order, <c>email</c>/<c>phone</c>
/// as <c>""</c> when absent, optional timestamps only when set, <c>identities</c> always an array.
/// </summary>
internal static class UserJson
{
    public static void Write(Utf8JsonWriter w, UserRecord user)
    {
        w.WriteStartObject();
        w.WriteString("id", user.Id);
        w.WriteString("aud", user.Aud);
        w.WriteString("role", user.Role);
        w.WriteString("email", user.Email);
        Time(w, "email_confirmed_at", user.EmailConfirmedAt);
        Time(w, "invited_at", user.InvitedAt);
        w.WriteString("phone", user.Phone);
        Time(w, "phone_confirmed_at", user.PhoneConfirmedAt);
        Time(w, "confirmation_sent_at", user.ConfirmationSentAt);
        Time(w, "confirmed_at", user.ConfirmedAt);
        Time(w, "recovery_sent_at", user.RecoverySentAt);
        if (user.NewEmail.Length > 0) w.WriteString("new_email", user.NewEmail);
        Time(w, "email_change_sent_at", user.EmailChangeSentAt);
        if (user.NewPhone.Length > 0) w.WriteString("new_phone", user.NewPhone);
        Time(w, "phone_change_sent_at", user.PhoneChangeSentAt);
        Time(w, "reauthentication_sent_at", user.ReauthenticationSentAt);
        Time(w, "last_sign_in_at", user.LastSignInAt);
        w.WritePropertyName("app_metadata");
        w.WriteRawValue(user.AppMetadataJson);
        w.WritePropertyName("user_metadata");
        w.WriteRawValue(user.UserMetadataJson);
        w.WriteStartArray("identities");
        foreach (var identity in user.Identities) WriteIdentity(w, identity);
        w.WriteEndArray();
        Time(w, "banned_until", user.BannedUntil);
        w.WriteString("created_at", GoTime.Format(user.CreatedAt ?? DateTime.UnixEpoch));
        w.WriteString("updated_at", GoTime.Format(user.UpdatedAt ?? user.CreatedAt ?? DateTime.UnixEpoch));
        Time(w, "deleted_at", user.DeletedAt);
        w.WriteBoolean("is_anonymous", user.IsAnonymous);
        w.WriteEndObject();
    }

    private static void WriteIdentity(Utf8JsonWriter w, IdentityRecord identity)
    {
        w.WriteStartObject();
        // GoTrue's inverted naming, kept for backwards compatibility: "identity_id" is the row id,
        // "id" is the provider's id for the user.
        w.WriteString("identity_id", identity.Id);
        w.WriteString("id", identity.ProviderId);
        w.WriteString("user_id", identity.UserId);
        w.WritePropertyName("identity_data");
        w.WriteRawValue(identity.IdentityDataJson);
        w.WriteString("provider", identity.Provider);
        Time(w, "last_sign_in_at", identity.LastSignInAt);
        w.WriteString("created_at", GoTime.Format(identity.CreatedAt ?? DateTime.UnixEpoch));
        w.WriteString("updated_at", GoTime.Format(identity.UpdatedAt ?? identity.CreatedAt ?? DateTime.UnixEpoch));
        if (!string.IsNullOrEmpty(identity.Email)) w.WriteString("email", identity.Email);
        w.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter w, string name, DateTime? value)
    {
        if (value is { } time) w.WriteString(name, GoTime.Format(time));
    }
}
