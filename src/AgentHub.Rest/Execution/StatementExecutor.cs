using System.Data;
using System.Text.Json;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Sql;
using Npgsql;

namespace AgentHub.Rest.Execution;

/// <summary>
/// Runs one request: the setup statement, an optional EXPLAIN for planned counts and the main
/// statement in one round trip. When the outcome cannot require a rollback (reads, whose rollback
/// equals a commit, and writes without singular Accept, max-affected or tx=rollback) the batch is the
/// transaction: its statements form one implicit transaction block (one Sync), committed when the
/// last succeeds and rolled back by PostgreSQL itself when one fails, a deferred constraint at
/// commit included. Otherwise an explicit transaction is begun, and COMMIT or ROLLBACK follows once
/// <c>decide</c> has seen the result.
/// </summary>
internal sealed class StatementExecutor(NpgsqlDataSource dataSource)
{
    /// <param name="setup">The set_config statement.</param>
    /// <param name="statement">The request statement.</param>
    /// <param name="identity">For mapping 42501 to 401 or 403.</param>
    /// <param name="decide">Turns the row (and the planned count) into the response; returns whether to roll back.</param>
    /// <param name="decisionNeeded">Whether <paramref name="decide"/> may ask for a rollback.</param>
    /// <param name="cancellationToken">Request abort.</param>
    public async Task<RestResponse> ExecuteAsync(
        NpgsqlBatchCommand setup,
        RequestStatement statement,
        RequestIdentity identity,
        Func<StatementRow, long?, (RestResponse Response, bool Rollback)> decide,
        bool decisionNeeded,
        CancellationToken cancellationToken)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e.InnerException is TimeoutException || e.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            return ErrorResponses.From(new RestError(RestErrorCodes.PoolTimeout, 504, "Timed out acquiring connection from connection pool."));
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            return ErrorResponses.From(new RestError(RestErrorCodes.ConnectionError, 503, "Database client error. Retrying the connection.", e.Message));
        }

        await using (connection.ConfigureAwait(false))
        {
            return decisionNeeded
                ? await DecidedAsync(connection, setup, statement, identity, decide, cancellationToken).ConfigureAwait(false)
                : await OneRoundTripAsync(connection, setup, statement, identity, decide, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<RestResponse> OneRoundTripAsync(
        NpgsqlConnection connection, NpgsqlBatchCommand setup, RequestStatement statement, RequestIdentity identity,
        Func<StatementRow, long?, (RestResponse Response, bool Rollback)> decide, CancellationToken cancellationToken)
    {
        try
        {
            StatementRow row;
            long? planned;
            await using (var batch = new NpgsqlBatch(connection))
            {
                AddStatements(batch, setup, statement);
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                (row, planned) = await ReadAsync(reader, statement, cancellationToken).ConfigureAwait(false);
            }

            return decide(row, planned).Response;
        }
        catch (PostgresException e)
        {
            // The implicit transaction is already rolled back: nothing to end.
            return PostgresErrorMapper.Map(e, identity);
        }
        catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ErrorResponses.From(new RestError(RestErrorCodes.ConnectionLost, 503, "Database client error. Retrying the connection.", e.Message));
        }
    }

    private static async Task<RestResponse> DecidedAsync(
        NpgsqlConnection connection, NpgsqlBatchCommand setup, RequestStatement statement, RequestIdentity identity,
        Func<StatementRow, long?, (RestResponse Response, bool Rollback)> decide, CancellationToken cancellationToken)
    {
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            StatementRow row;
            long? planned;
            await using (var batch = new NpgsqlBatch(connection, transaction))
            {
                AddStatements(batch, setup, statement);
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                (row, planned) = await ReadAsync(reader, statement, cancellationToken).ConfigureAwait(false);
            }

            var (response, rollback) = decide(row, planned);
            if (rollback)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return response;
        }
        catch (PostgresException e)
        {
            return PostgresErrorMapper.Map(e, identity);
        }
        catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ErrorResponses.From(new RestError(RestErrorCodes.ConnectionLost, 503, "Database client error. Retrying the connection.", e.Message));
        }
    }

    private static void AddStatements(NpgsqlBatch batch, NpgsqlBatchCommand setup, RequestStatement statement)
    {
        batch.BatchCommands.Add(setup);
        if (statement.PlanSql is { } planSql)
        {
            batch.BatchCommands.Add(TransactionSetup.Statement(planSql, statement.Parameters));
        }

        batch.BatchCommands.Add(TransactionSetup.Statement(statement.Sql, statement.Parameters));
    }

    /// <summary>Skips the setup row, reads the EXPLAIN (if any) and the statement's row.</summary>
    private static async Task<(StatementRow Row, long? Planned)> ReadAsync(NpgsqlDataReader reader, RequestStatement statement, CancellationToken cancellationToken)
    {
        long? planned = null;
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        if (statement.PlanSql is not null)
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            planned = PlanRows(reader.GetString(0));
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }

        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var row = new StatementRow(
            reader.IsDBNull(0) ? null : reader.GetInt64(0),
            reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5));

        // Drain to the end of the batch, so a failing commit surfaces here, before any response.
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        return (row, planned);
    }

    /// <summary>"Plan Rows" of <c>EXPLAIN (FORMAT JSON)</c>.</summary>
    private static long? PlanRows(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement[0].GetProperty("Plan").TryGetProperty("Plan Rows", out var rows) && rows.TryGetDouble(out var value)
            ? (long)value
            : null;
    }
}
