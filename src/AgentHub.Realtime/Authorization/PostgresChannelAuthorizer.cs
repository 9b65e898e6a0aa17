using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace AgentHub.Realtime.Authorization;

/// <summary>
/// Private-channel authorization the way Supabase does it: row-level security policies on
/// <c>realtime.messages</c> decide, evaluated as the caller inside one transaction that is always
/// rolled back (docs/realtime-protocol.md 7.2).
/// </summary>
/// <remarks>
/// <para>Round trips: one batch inserts a broadcast and a presence probe row as the hub's own role
/// (the table owner, so no policy applies yet), switches to the caller (<c>role</c>,
/// <c>request.jwt.claims</c>, <c>request.jwt.claim.sub/role</c>, <c>request.headers</c>,
/// <c>realtime.topic</c>) and selects the probes back: a row that comes back is readable. Then one
/// insert per extension under a savepoint tells whether the caller may write. Nothing is committed.</para>
/// <para>The probe ids are generated here, so the read needs no second round trip. A policy that
/// raises, or a role that does not exist, counts as denied (logged); an unreachable database is
/// reported as unavailable so the join fails without a verdict.</para>
/// </remarks>
internal sealed class PostgresChannelAuthorizer(NpgsqlDataSource dataSource, TimeSpan timeout, ILogger logger) : IChannelAuthorizer
{
    private const string InsertReadProbes =
        "insert into realtime.messages (id, topic, extension, private) values ($1, $3, 'broadcast', true), ($2, $3, 'presence', true)";

    private const string BecomeCaller =
        "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), " +
        "set_config('request.jwt.claim.sub', $3, true), set_config('request.jwt.claim.role', $1, true), " +
        "set_config('request.headers', $4, true), set_config('realtime.topic', $5, true)";

    private const string SelectReadProbes = "select extension from realtime.messages where topic = $1 and id = any($2)";

    private const string InsertWriteProbe = "insert into realtime.messages (id, topic, extension, private) values ($1, $2, $3, true)";

    public async ValueTask<ChannelAuthorizationResult> AuthorizeAsync(ChannelAuthorizationRequest request, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var ct = deadline.Token;
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var (broadcastRead, presenceRead) = await ReadAsync(connection, transaction, request, ct).ConfigureAwait(false);
            var broadcastWrite = await CanWriteAsync(connection, transaction, request, "broadcast", ct).ConfigureAwait(false);
            var presenceWrite = await CanWriteAsync(connection, transaction, request, "presence", ct).ConfigureAwait(false);
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            return new ChannelAuthorizationResult(
                ChannelAuthorizationStatus.Evaluated,
                new ChannelPermissions(broadcastRead, broadcastWrite, presenceRead, presenceWrite));
        }
        catch (PostgresException e)
        {
            Log.PolicyEvaluationFailed(logger, request.SubTopic, request.Token.Role, e.SqlState, e.MessageText);
            return ChannelAuthorizationResult.PolicyError;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.AuthorizationUnavailable(logger, request.SubTopic, e.GetType().Name, e.Message);
            return ChannelAuthorizationResult.Unavailable;
        }
    }

    private static async Task<(bool Broadcast, bool Presence)> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ChannelAuthorizationRequest request, CancellationToken ct)
    {
        var broadcastProbe = Guid.NewGuid();
        var presenceProbe = Guid.NewGuid();
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(InsertReadProbes) { Parameters = { new() { Value = broadcastProbe }, new() { Value = presenceProbe }, new() { Value = request.SubTopic } } },
                new NpgsqlBatchCommand(BecomeCaller)
                {
                    Parameters =
                    {
                        new() { Value = request.Token.Role },
                        new() { Value = request.Token.ClaimsJson },
                        new() { Value = request.Token.Subject ?? "" },
                        new() { Value = request.HeadersJson },
                        new() { Value = request.SubTopic },
                    },
                },
                new NpgsqlBatchCommand(SelectReadProbes)
                {
                    Parameters =
                    {
                        new() { Value = request.SubTopic },
                        new() { Value = new[] { broadcastProbe, presenceProbe }, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
                    },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.NextResultAsync(ct).ConfigureAwait(false); // past the set_config row
        bool broadcast = false, presence = false;
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            switch (reader.GetString(0))
            {
                case "broadcast": broadcast = true; break;
                case "presence": presence = true; break;
            }
        }

        return (broadcast, presence);
    }

    private async Task<bool> CanWriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ChannelAuthorizationRequest request, string extension, CancellationToken ct)
    {
        await transaction.SaveAsync("agenthub_write_probe", ct).ConfigureAwait(false);
        try
        {
            await using var insert = new NpgsqlCommand(InsertWriteProbe, connection, transaction)
            {
                Parameters = { new() { Value = Guid.NewGuid() }, new() { Value = request.SubTopic }, new() { Value = extension } },
            };
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (PostgresException e)
        {
            // 42501 is the row-level security refusal ("new row violates row-level security policy");
            // anything else is a policy that raised, which Supabase also treats as a refusal.
            if (e.SqlState != PostgresErrorCodes.InsufficientPrivilege)
            {
                Log.PolicyEvaluationFailed(logger, request.SubTopic, request.Token.Role, e.SqlState, e.MessageText);
            }

            await transaction.RollbackAsync("agenthub_write_probe", ct).ConfigureAwait(false);
            return false;
        }
    }
}
