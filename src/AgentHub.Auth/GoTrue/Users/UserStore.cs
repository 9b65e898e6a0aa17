using System.Data.Common;
using AgentHub.Auth.GoTrue.Storage;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>
/// SQL for <c>auth.users</c> and <c>auth.identities</c>. Users are inserted with plain SQL so that an
/// app's <c>after insert on auth.users</c> trigger (the usual <c>handle_new_user</c>) runs inside the
/// sign-up transaction, exactly as with GoTrue; a failing trigger fails the sign-up.
/// </summary>
internal sealed partial class UserStore(DbDataSource database)
{
    /// <summary>GoTrue's instance id for every row (one instance per database).</summary>
    private static readonly Guid InstanceId = Guid.Empty;

    public async Task<UserRecord?> FindByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await FindByIdAsync(connection, null, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The user with this (lower-case) email. Compared case-insensitively, as GoTrue does, so rows an
    /// app inserted with capitals are found too.
    /// </summary>
    public async Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var users = await QueryUsersAsync(connection, null, $"select {UserRows.UserColumns} from auth.users u where lower(u.email) = $1 and not coalesce(u.is_sso_user, false) order by u.created_at limit 1", cancellationToken, email).ConfigureAwait(false);
        return users.FirstOrDefault();
    }

    public async Task<UserRecord?> FindByPhoneAsync(string phone, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var users = await QueryUsersAsync(connection, null, $"select {UserRows.UserColumns} from auth.users u where u.phone = $1 order by u.created_at limit 1", cancellationToken, phone).ConfigureAwait(false);
        return users.FirstOrDefault();
    }

    /// <summary>True when another user (not <paramref name="except"/>) has this email.</summary>
    public async Task<bool> EmailTakenAsync(string email, Guid? except, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Db.ScalarAsync<bool>(connection, null,
            "select exists (select 1 from auth.users where lower(email) = $1 and not coalesce(is_sso_user, false) and ($2::uuid is null or id <> $2::uuid))",
            cancellationToken, email, except).ConfigureAwait(false);
    }

    /// <summary>True when another user (not <paramref name="except"/>) has this phone number.</summary>
    public async Task<bool> PhoneTakenAsync(string phone, Guid? except, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Db.ScalarAsync<bool>(connection, null,
            "select exists (select 1 from auth.users where phone = $1 and ($2::uuid is null or id <> $2::uuid))",
            cancellationToken, phone, except).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts the user and its identities in one transaction and returns the stored row (triggers
    /// may have changed it). Database errors, a trigger's included, propagate as <see cref="DbException"/>.
    /// </summary>
    public async Task<UserRecord> InsertAsync(NewUser user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The token columns are '' rather than NULL: GoTrue scans them into Go strings and fails on
        // NULL, so rows written here stay readable if the database later moves to Supabase.
        await Db.ExecuteAsync(connection, transaction, """
            insert into auth.users (
              instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, phone, phone_confirmed_at,
              confirmation_sent_at, raw_app_meta_data, raw_user_meta_data, banned_until, is_anonymous, is_sso_user,
              confirmation_token, recovery_token, email_change_token_new, email_change, created_at, updated_at)
            values (
              $1, $2, $3, $4, $5::text, $6::text, case when $7 then now() end, $8::text, case when $9 then now() end,
              case when $10 then now() end, $11::jsonb, $12::jsonb, now() + make_interval(secs => $13::float8), $14, false,
              '', '', '', '', now(), now())
            """, cancellationToken,
            InstanceId, user.Id, user.Aud, user.Role, user.Email, user.EncryptedPassword, user.EmailConfirmed, user.Phone, user.PhoneConfirmed,
            user.ConfirmationSent, user.AppMetadataJson, user.UserMetadataJson, user.BannedForSeconds, user.IsAnonymous).ConfigureAwait(false);
        foreach (var identity in user.Identities)
        {
            await InsertIdentityAsync(connection, transaction, user.Id, identity, cancellationToken).ConfigureAwait(false);
        }
        var stored = await FindByIdAsync(connection, transaction, user.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The user row vanished inside its own insert transaction (deleted by a trigger?).");
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Deletes the user; identities, sessions and refresh tokens go with it (foreign keys cascade).</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Db.ExecuteAsync(connection, null, "delete from auth.users where id = $1", cancellationToken, id).ConfigureAwait(false) > 0;
    }

    /// <summary>
    /// GoTrue's soft delete: the row stays (so rows referencing it survive) with <c>deleted_at</c> set,
    /// credentials and personal data removed, identities anonymised and every session ended.
    /// </summary>
    public async Task<bool> SoftDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var found = await Db.ExecuteAsync(connection, transaction, """
            update auth.users set email = null, phone = null, encrypted_password = '', email_change = '', phone_change = '',
              raw_user_meta_data = '{}', raw_app_meta_data = '{}', deleted_at = now(), updated_at = now()
            where id = $1
            """, cancellationToken, id).ConfigureAwait(false);
        if (found == 0) return false;
        await Db.ExecuteAsync(connection, transaction, """
            update auth.identities set identity_data = '{}', updated_at = now(),
              provider_id = encode(sha256(convert_to(provider_id || ':' || id::text, 'UTF8')), 'hex')
            where user_id = $1
            """, cancellationToken, id).ConfigureAwait(false);
        await Db.ExecuteAsync(connection, transaction, "delete from auth.sessions where user_id = $1", cancellationToken, id).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    internal static async Task<UserRecord?> FindByIdAsync(DbConnection connection, DbTransaction? transaction, Guid id, CancellationToken cancellationToken)
    {
        var users = await QueryUsersAsync(connection, transaction, $"select {UserRows.UserColumns} from auth.users u where u.id = $1", cancellationToken, id).ConfigureAwait(false);
        return users.FirstOrDefault();
    }

    /// <summary>Runs a query selecting <see cref="UserRows.UserColumns"/> and attaches each user's identities.</summary>
    internal static async Task<List<UserRecord>> QueryUsersAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        var users = new List<UserRecord>();
        await using (var command = Db.Command(connection, transaction, sql, values))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) users.Add(UserRows.ReadUser(reader));
        }
        if (users.Count == 0) return users;

        var identities = new List<IdentityRecord>();
        await using (var command = Db.Command(connection, transaction,
            $"select {UserRows.IdentityColumns} from auth.identities i where i.user_id = any($1) order by i.created_at, i.id",
            users.Select(u => u.Id).ToArray()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) identities.Add(UserRows.ReadIdentity(reader));
        }
        var byUser = identities.ToLookup(i => i.UserId);
        return users.Select(u => u with { Identities = byUser[u.Id].ToList() }).ToList();
    }

    private static Task<int> InsertIdentityAsync(DbConnection connection, DbTransaction transaction, Guid userId, NewIdentity identity, CancellationToken cancellationToken) =>
        Db.ExecuteAsync(connection, transaction, """
            insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
            values (gen_random_uuid(), $1, $2, $3::jsonb, $4, now(), now(), now())
            """, cancellationToken, identity.ProviderId, userId, identity.IdentityDataJson, identity.Provider);
}
