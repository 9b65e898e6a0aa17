using System.Data.Common;
using AgentHub.Auth.GoTrue.Storage;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>The select lists for users and identities, and how a row becomes a record.</summary>
internal static class UserRows
{
    /// <summary>Columns of <c>auth.users u</c>, in the order <see cref="ReadUser"/> reads them.</summary>
    public const string UserColumns = """
        u.id, u.aud, u.role, u.email, u.encrypted_password, u.email_confirmed_at, u.invited_at, u.phone,
        u.phone_confirmed_at, u.confirmation_sent_at, u.confirmed_at, u.recovery_sent_at, u.email_change,
        u.email_change_sent_at, u.phone_change, u.phone_change_sent_at, u.reauthentication_sent_at,
        u.last_sign_in_at, coalesce(u.raw_app_meta_data, '{}')::text, coalesce(u.raw_user_meta_data, '{}')::text,
        u.banned_until, u.created_at, u.updated_at, u.deleted_at, coalesce(u.is_anonymous, false),
        coalesce(u.banned_until > now(), false)
        """;

    /// <summary>Columns of <c>auth.identities i</c>, in the order <see cref="ReadIdentity"/> reads them.</summary>
    public const string IdentityColumns = """
        i.id, i.provider_id, i.user_id, i.identity_data::text, i.provider, i.last_sign_in_at, i.created_at,
        i.updated_at, lower(i.identity_data ->> 'email')
        """;

    public static UserRecord ReadUser(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        Aud = Db.NullableString(r, 1) ?? "",
        Role = Db.NullableString(r, 2) ?? "",
        Email = Db.NullableString(r, 3) ?? "",
        EncryptedPassword = Db.NullableString(r, 4),
        EmailConfirmedAt = Db.NullableTime(r, 5),
        InvitedAt = Db.NullableTime(r, 6),
        Phone = Db.NullableString(r, 7) ?? "",
        PhoneConfirmedAt = Db.NullableTime(r, 8),
        ConfirmationSentAt = Db.NullableTime(r, 9),
        ConfirmedAt = Db.NullableTime(r, 10),
        RecoverySentAt = Db.NullableTime(r, 11),
        NewEmail = Db.NullableString(r, 12) ?? "",
        EmailChangeSentAt = Db.NullableTime(r, 13),
        NewPhone = Db.NullableString(r, 14) ?? "",
        PhoneChangeSentAt = Db.NullableTime(r, 15),
        ReauthenticationSentAt = Db.NullableTime(r, 16),
        LastSignInAt = Db.NullableTime(r, 17),
        AppMetadataJson = r.GetString(18),
        UserMetadataJson = r.GetString(19),
        BannedUntil = Db.NullableTime(r, 20),
        CreatedAt = Db.NullableTime(r, 21),
        UpdatedAt = Db.NullableTime(r, 22),
        DeletedAt = Db.NullableTime(r, 23),
        IsAnonymous = r.GetBoolean(24),
        IsBanned = r.GetBoolean(25),
    };

    public static IdentityRecord ReadIdentity(DbDataReader r) => new(
        r.GetGuid(0),
        r.GetString(1),
        r.GetGuid(2),
        r.GetString(3),
        r.GetString(4),
        Db.NullableTime(r, 5),
        Db.NullableTime(r, 6),
        Db.NullableTime(r, 7),
        Db.NullableString(r, 8));
}
