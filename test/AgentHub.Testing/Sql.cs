using AgentHub.Postgres;
using Npgsql;

namespace AgentHub.Testing;

/// <summary>Small helpers for tests that check database state directly.</summary>
public static class Sql
{
    /// <summary>Runs a statement and returns the first column of the first row.</summary>
    public static async Task<T?> ScalarAsync<T>(DatabaseEndpoint endpoint, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(endpoint.ConnectionString("agenthub-tests"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Runs one or more statements.</summary>
    public static async Task ExecuteAsync(DatabaseEndpoint endpoint, string sql)
    {
        await using var connection = new NpgsqlConnection(endpoint.ConnectionString("agenthub-tests"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
