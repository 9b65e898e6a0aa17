using System.Data.Common;
using AgentHub.Auth.GoTrue.Storage;
using AgentHub.Auth.GoTrue.Users;

namespace AgentHub.Auth.GoTrue.Sessions;

/// <summary>
/// SQL for <c>auth.sessions</c>, <c>auth.refresh_tokens</c> and <c>auth.mfa_amr_claims</c>, laid out
/// as GoTrue lays them out: a session per sign-in, a chain of refresh tokens per session (each new
/// token's <c>parent</c> is the one it replaced), and the sign-in method for the <c>amr</c> claim.
/// Deleting a session deletes its tokens and claims (foreign keys cascade).
/// </summary>
internal sealed partial class SessionStore(DbDataSource database)
{
    /// <summary>
    /// Starts a session for a user who just proved who they are: session row, <c>amr</c> entry, first
    /// refresh token, and <c>last_sign_in_at</c> on the user and the identity used. One transaction.
    /// </summary>
    public async Task<IssuedSession> CreateAsync(Guid userId, string method, string? identityProvider, string? userAgent, string? ip, CancellationToken cancellationToken)
    {
        var sessionId = Guid.NewGuid();
        var refreshToken = RefreshTokens.New();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long signedInAt;
        await using (var command = Db.Command(connection, transaction, """
            with s as (
              insert into auth.sessions (id, user_id, created_at, updated_at, aal, refreshed_at, user_agent, ip)
              values ($1, $2, now(), now(), 'aal1', now() at time zone 'utc', $3::text, $4::inet)
              returning id
            ), a as (
              insert into auth.mfa_amr_claims (id, session_id, created_at, updated_at, authentication_method)
              select gen_random_uuid(), s.id, now(), now(), $5 from s
            ), r as (
              insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
              select '00000000-0000-0000-0000-000000000000', $6, $2::text, false, now(), now(), null, s.id from s
            ), i as (
              update auth.identities set last_sign_in_at = now(), updated_at = now() where user_id = $2 and provider = $7::text
            ), u as (
              update auth.users set last_sign_in_at = now(), updated_at = now() where id = $2
            )
            select extract(epoch from now())::bigint
            """, sessionId, userId, userAgent, ip, method, refreshToken, identityProvider))
        {
            signedInAt = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        var user = await UserStore.FindByIdAsync(connection, transaction, userId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The user was deleted while signing in.");
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new IssuedSession(sessionId, refreshToken, [new AmrEntry(method, signedInAt)], user);
    }

    /// <summary>True when the session row exists (it is deleted by sign-out).</summary>
    public async Task<bool> ExistsAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Db.ScalarAsync<bool>(connection, null, "select exists (select 1 from auth.sessions where id = $1)", cancellationToken, sessionId).ConfigureAwait(false);
    }

    /// <summary>Ends the sessions <paramref name="scope"/> names; without a session id, every session of the user.</summary>
    public async Task<int> LogoutAsync(Guid userId, Guid? sessionId, LogoutScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (scope, sessionId) switch
        {
            (LogoutScope.Local, { } own) => await Db.ExecuteAsync(connection, null,
                "delete from auth.sessions where id = $1 and user_id = $2", cancellationToken, own, userId).ConfigureAwait(false),
            (LogoutScope.Others, { } own) => await Db.ExecuteAsync(connection, null,
                "delete from auth.sessions where user_id = $1 and id <> $2", cancellationToken, userId, own).ConfigureAwait(false),
            _ => await Db.ExecuteAsync(connection, null,
                "delete from auth.sessions where user_id = $1", cancellationToken, userId).ConfigureAwait(false),
        };
    }

    private static async Task<IReadOnlyList<AmrEntry>> ReadAmrAsync(DbConnection connection, DbTransaction transaction, Guid sessionId, CancellationToken cancellationToken)
    {
        var entries = new List<AmrEntry>();
        await using var command = Db.Command(connection, transaction,
            "select authentication_method, extract(epoch from created_at)::bigint from auth.mfa_amr_claims where session_id = $1 order by created_at",
            sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) entries.Add(new AmrEntry(reader.GetString(0), reader.GetInt64(1)));
        return entries;
    }
}
