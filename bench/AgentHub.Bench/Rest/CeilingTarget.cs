using System.Text;
using System.Text.Json;
using AgentHub.Postgres;
using Npgsql;
using NpgsqlTypes;

namespace AgentHub.Bench.Rest;

/// <summary>
/// The ceiling: the same database work per request without HTTP or the hub. Exactly what
/// StatementExecutor sends in its one round trip, as one implicit transaction: one SELECT of
/// set_config calls (the role's statement_timeout, search_path, role, the JWT claims, method, path,
/// headers, cookies, and READ ONLY for reads), then the request's statement. Same login, same pool
/// settings (multiplexed, READ COMMITTED sessions, auto-prepare, no reset on close), same number of
/// pooled connections as HTTP connections.
/// </summary>
internal sealed class CeilingTarget : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly string _claims;
    private readonly string _headersJson;

    public CeilingTarget(DatabaseEndpoint database, int connections, string claimsJson, IReadOnlyDictionary<string, string> headers)
    {
        _source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString("bench-ceiling"))
        {
            IncludeErrorDetail = true,
            MaxAutoPrepare = 256,
            NoResetOnClose = true,
            AutoPrepareMinUsages = 2,
            MaxPoolSize = connections,
            Timeout = 5,
            // The hub's pool settings (RestDatabase): multiplexed, READ COMMITTED sessions.
            Multiplexing = true,
            Options = @"-c default_transaction_isolation=read\ committed",
        }.ConnectionString);
        _claims = claimsJson;
        _headersJson = JsonSerializer.Serialize(headers);
    }

    public async Task<bool> RunAsync(RestScenario scenario, long id)
    {
        var (ok, _) = await ExecuteAsync(scenario, id).ConfigureAwait(false);
        return ok;
    }

    /// <summary>The body the statement produced (for the one-off comparison with the hub's answer).</summary>
    public async Task<string> ReadAsync(RestScenario scenario, long id) => (await ExecuteAsync(scenario, id).ConfigureAwait(false)).Body;

    private async Task<(bool Ok, string Body)> ExecuteAsync(RestScenario scenario, long id)
    {
        await using var connection = await _source.OpenConnectionAsync().ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection);
        // One implicit transaction, as the hub runs it (StatementExecutor).
        batch.BatchCommands.Add(Setup(scenario));
        var statement = new NpgsqlBatchCommand(scenario.Sql);
        foreach (var p in scenario.Parameters(id)) statement.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = p.Type, Value = p.Value });
        batch.BatchCommands.Add(statement);
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.NextResultAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false)) return (false, "");
        var page = reader.GetInt64(1);
        var body = reader.IsDBNull(5) ? [] : reader.GetFieldValue<byte[]>(5);
        while (await reader.NextResultAsync().ConfigureAwait(false))
        {
        }
        return (page >= 1, Encoding.UTF8.GetString(body));
    }

    private NpgsqlBatchCommand Setup(RestScenario scenario)
    {
        string[] settings =
        [
            "statement_timeout", "8s",
            "search_path", "\"public\", \"extensions\"",
            "role", "authenticated",
            "request.jwt.claims", _claims,
            "request.method", scenario.Method.Method,
            "request.path", "/" + scenario.PathAndQuery.Split('?')[0],
            "request.headers", _headersJson,
            "request.cookies", "{}",
            "response.headers", "",
            "response.status", "",
        ];
        var sql = new StringBuilder("SELECT ");
        var command = new NpgsqlBatchCommand();
        for (var i = 0; i < settings.Length; i += 2)
        {
            sql.Append(i == 0 ? "" : ", ").Append("set_config($").Append(i + 1).Append(", $").Append(i + 2).Append(", true)");
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = settings[i] });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = settings[i + 1] });
        }
        if (scenario.ReadOnly) sql.Append(", set_config('transaction_read_only', 'on', true)");
        command.CommandText = sql.ToString();
        return command;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
