using System.Data.Common;
using AgentHub.Auth.GoTrue.Storage;
using AgentHub.Auth.GoTrue.Users;

namespace AgentHub.Auth.GoTrue.Sessions;

internal sealed partial class SessionStore
{
    /// <summary>
    /// Exchanges a refresh token for its successor, by GoTrue's rotation rules:
    /// <list type="number">
    /// <item>an active token is revoked and a child token (same session) is issued;</item>
    /// <item>a revoked token that is the parent of the session's active token gets that active token
    /// again: the client refreshed but crashed before saving the answer;</item>
    /// <item>another revoked token is still swapped within the reuse interval (several tabs refreshing
    /// at once); after it, it is reuse: every token of the session is revoked and
    /// <see cref="RefreshOutcome.AlreadyUsed"/> returned.</item>
    /// </list>
    /// The session row is locked for the exchange, so concurrent refreshes of one session run one at a time.
    /// </summary>
    /// <remarks>
    /// One deliberate tightening: GoTrue also accepts a revoked token inside the reuse interval when
    /// the session has no active token left, that is right after reuse revoked the whole family,
    /// which would hand a fresh token to whoever presented the stolen one within seconds. Here a
    /// session whose tokens are all revoked stays dead.
    /// </remarks>
    public async Task<(RefreshOutcome Outcome, IssuedSession? Session, Guid? SessionId)> RefreshAsync(
        string token, int reuseIntervalSeconds, bool revokeFamilyOnReuse, string? userAgent, string? ip, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var found = await Db.ScalarAsync<object>(connection, transaction, "select coalesce(session_id::text, '') from auth.refresh_tokens where token = $1", cancellationToken, token).ConfigureAwait(false);
        if (found is not string sessionText) return (RefreshOutcome.TokenNotFound, null, null);
        if (!Guid.TryParse(sessionText, out var sessionId)) return (RefreshOutcome.SessionNotFound, null, null);

        // Lock order: session, then token; every refresh of the session queues here.
        Guid userId;
        bool expired;
        await using (var command = Db.Command(connection, transaction,
            "select user_id, coalesce(not_after < now(), false) from auth.sessions where id = $1 for update", sessionId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return (RefreshOutcome.SessionNotFound, null, sessionId);
            userId = reader.GetGuid(0);
            expired = reader.GetBoolean(1);
        }

        long tokenId;
        bool revoked, withinReuseInterval;
        await using (var command = Db.Command(connection, transaction,
            "select id, coalesce(revoked, false), updated_at + make_interval(secs => $2::float8) >= now() from auth.refresh_tokens where token = $1 for update",
            token, (double)reuseIntervalSeconds))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return (RefreshOutcome.TokenNotFound, null, sessionId);
            tokenId = reader.GetInt64(0);
            revoked = reader.GetBoolean(1);
            withinReuseInterval = reader.GetBoolean(2);
        }

        var user = await UserStore.FindByIdAsync(connection, transaction, userId, cancellationToken).ConfigureAwait(false);
        if (user is null) return (RefreshOutcome.SessionNotFound, null, sessionId);
        if (user.IsBanned) return (RefreshOutcome.UserBanned, null, sessionId);
        if (expired) return (RefreshOutcome.SessionExpired, null, sessionId);

        string? issued = null;
        if (revoked)
        {
            var (activeToken, activeParent) = await FindActiveTokenAsync(connection, transaction, sessionId, cancellationToken).ConfigureAwait(false);
            if (activeToken is not null && activeParent == token)
            {
                issued = activeToken;
            }
            else if (activeToken is null || !withinReuseInterval)
            {
                if (revokeFamilyOnReuse)
                {
                    await Db.ExecuteAsync(connection, transaction,
                        "update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and not coalesce(revoked, false)",
                        cancellationToken, sessionId).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                return (RefreshOutcome.AlreadyUsed, null, sessionId);
            }
        }

        if (issued is null)
        {
            issued = RefreshTokens.New();
            await Db.ExecuteAsync(connection, transaction, """
                with spent as (update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1)
                insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
                values ('00000000-0000-0000-0000-000000000000', $2, $3::text, false, now(), now(), $4, $5)
                """, cancellationToken, tokenId, issued, userId, token, sessionId).ConfigureAwait(false);
        }

        await Db.ExecuteAsync(connection, transaction,
            "update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now(), user_agent = $2::text, ip = $3::inet where id = $1",
            cancellationToken, sessionId, userAgent, ip).ConfigureAwait(false);
        var amr = await ReadAmrAsync(connection, transaction, sessionId, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (RefreshOutcome.Refreshed, new IssuedSession(sessionId, issued, amr, user), sessionId);
    }

    private static async Task<(string? Token, string? Parent)> FindActiveTokenAsync(DbConnection connection, DbTransaction transaction, Guid sessionId, CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, transaction,
            "select token, parent from auth.refresh_tokens where session_id = $1 and not coalesce(revoked, false) order by id desc limit 1",
            sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return (null, null);
        return (Db.NullableString(reader, 0), Db.NullableString(reader, 1));
    }
}
