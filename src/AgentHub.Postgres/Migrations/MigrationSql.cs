using Npgsql;

namespace AgentHub.Postgres.Migrations;

internal static class MigrationSql
{
    /// <summary>
    /// Key of the session advisory lock that serializes every migration runner on a database
    /// (several hub nodes starting at once, or <c>migrate up</c> beside a running hub).
    /// The value is arbitrary but fixed: the ASCII of "AgntHub1".
    /// </summary>
    public const long AdvisoryLockKey = 0x41676e7448756231;

    public static async Task<bool> TableExistsAsync(NpgsqlConnection connection, string qualifiedName, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select to_regclass($1) is not null", connection) { Parameters = { new() { Value = qualifiedName } } };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }
}
