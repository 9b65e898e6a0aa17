using System.Data.Common;

namespace AgentHub.Auth.GoTrue.Storage;

/// <summary>
/// Parameterised commands over plain ADO.NET. The auth stores need nothing driver-specific, so
/// this assembly stays free of a PostgreSQL driver reference: the host hands in its
/// <see cref="DbDataSource"/> (Npgsql's). Parameters are positional (<c>$1</c>, <c>$2</c>, …) and a
/// parameter that may be null is cast in the SQL, since a null carries no type of its own.
/// </summary>
internal static class Db
{
    /// <summary>SQLSTATE unique_violation.</summary>
    public const string UniqueViolation = "23505";

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var value in values)
        {
            var parameter = command.CreateParameter();
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(connection, transaction, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<T?> ScalarAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(connection, transaction, sql, values);
        var result = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return result is null or DBNull ? default : (T)result;
    }

    public static DateTime? NullableTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTime>(ordinal);

    public static string? NullableString(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
