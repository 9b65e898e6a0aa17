using System.Data.Common;
using System.Text.Json.Nodes;
using AgentHub.Auth.GoTrue.Storage;

namespace AgentHub.Auth.GoTrue.Users;

internal sealed partial class UserStore
{
    /// <summary>
    /// Applies <paramref name="changes"/> in one transaction: the user row (a single UPDATE, so a
    /// metadata merge never loses a concurrent one), the email/phone identities following a new address,
    /// and session revocation. Returns the updated user, or null when it does not exist.
    /// </summary>
    public async Task<UserRecord?> ApplyAsync(Guid id, UserChanges changes, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var banMode = changes.Unban ? 1 : changes.BanForSeconds is not null ? 2 : 0;
        var updated = await Db.ExecuteAsync(connection, transaction, """
            update auth.users set
              encrypted_password = coalesce($2::text, encrypted_password),
              raw_user_meta_data = case when $3::jsonb is null then raw_user_meta_data
                else (coalesce(raw_user_meta_data, '{}') || $3::jsonb) - array(select key from jsonb_each($3::jsonb) where value = 'null'::jsonb) end,
              raw_app_meta_data = case when $4::jsonb is null then raw_app_meta_data
                else (coalesce(raw_app_meta_data, '{}') || $4::jsonb) - array(select key from jsonb_each($4::jsonb) where value = 'null'::jsonb) end,
              email = coalesce($5::text, email),
              email_change = case when $5::text is not null then '' when $6::text is not null then $6::text else email_change end,
              email_change_sent_at = case when $5::text is not null then null when $6::text is not null then now() else email_change_sent_at end,
              email_confirmed_at = case when $7 then coalesce(email_confirmed_at, now()) else email_confirmed_at end,
              phone = coalesce($8::text, phone),
              phone_confirmed_at = case when $9 then coalesce(phone_confirmed_at, now()) else phone_confirmed_at end,
              role = coalesce($10::text, role),
              banned_until = case $11::int when 1 then null when 2 then now() + make_interval(secs => $12::float8) else banned_until end,
              updated_at = now()
            where id = $1
            """, cancellationToken,
            id, changes.EncryptedPassword, changes.UserMetadataPatch?.ToJsonString(), changes.AppMetadataPatch?.ToJsonString(),
            changes.Email, changes.PendingEmail, changes.ConfirmEmail, changes.Phone, changes.ConfirmPhone, changes.Role,
            banMode, changes.BanForSeconds).ConfigureAwait(false);
        if (updated == 0) return null;

        if (changes.Email is { } email) await FollowAddressAsync(connection, transaction, id, "email", email, cancellationToken).ConfigureAwait(false);
        if (changes.Phone is { } phone) await FollowAddressAsync(connection, transaction, id, "phone", phone, cancellationToken).ConfigureAwait(false);
        if (changes.RevokeSessions)
        {
            await Db.ExecuteAsync(connection, transaction, "delete from auth.sessions where user_id = $1 and ($2::uuid is null or id <> $2::uuid)",
                cancellationToken, id, changes.KeepSessionId).ConfigureAwait(false);
        }

        var user = await FindByIdAsync(connection, transaction, id, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return user;
    }

    /// <summary>A page of users, newest first, and the total; <paramref name="filter"/> matches email or full name.</summary>
    public async Task<(List<UserRecord> Users, long Total)> ListAsync(int page, int perPage, string? filter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var pattern = string.IsNullOrEmpty(filter) ? null : "%" + EscapeLike(filter) + "%";
        const string Where = "where ($1::text is null or u.email ilike $1::text or u.raw_user_meta_data ->> 'full_name' ilike $1::text)";
        var total = await Db.ScalarAsync<long>(connection, null, $"select count(*) from auth.users u {Where}", cancellationToken, pattern).ConfigureAwait(false);
        var users = await QueryUsersAsync(connection, null,
            $"select {UserRows.UserColumns} from auth.users u {Where} order by u.created_at desc nulls last, u.id limit $2 offset $3",
            cancellationToken, pattern, perPage, (long)(page - 1) * perPage).ConfigureAwait(false);
        return (users, total);
    }

    /// <summary>
    /// Keeps the email or phone identity in step with a changed address: its <c>identity_data</c> gets
    /// the new value, or, for a user who had none, the identity is created (as GoTrue does).
    /// </summary>
    private static async Task FollowAddressAsync(DbConnection connection, DbTransaction transaction, Guid id, string provider, string address, CancellationToken cancellationToken)
    {
        var changed = await Db.ExecuteAsync(connection, transaction, """
            update auth.identities set identity_data = identity_data || jsonb_build_object($3::text, $4::text), updated_at = now()
            where user_id = $1 and provider = $2
            """, cancellationToken, id, provider, provider, address).ConfigureAwait(false);
        if (changed > 0) return;
        var data = new JsonObject
        {
            ["sub"] = id.ToString(),
            [provider] = address,
            ["email_verified"] = false,
            ["phone_verified"] = false,
        };
        await InsertIdentityAsync(connection, transaction, id, new NewIdentity(provider, id.ToString(), data.ToJsonString()), cancellationToken).ConfigureAwait(false);
    }

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
