using Npgsql;

namespace AgentHub.Server.Agents;

/// <summary>
/// Runs one agent-kit function as the hub. The functions check the caller's claims like any other
/// call, so the hub sets service-role claims on its admin connection, in the same transaction and
/// the same round trip as the call.
/// </summary>
internal static class ServiceRoleSql
{
    private const string ServiceClaims = "select set_config('request.jwt.claims', '{\"role\":\"service_role\"}', true)";

    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource admin, string sql, object?[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, tx) { BatchCommands = { new NpgsqlBatchCommand(ServiceClaims) } };
        var call = new NpgsqlBatchCommand(sql);
        foreach (var value in parameters) call.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        batch.BatchCommands.Add(call);
        T result;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            result = reader.GetFieldValue<T>(0);
        }

        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
