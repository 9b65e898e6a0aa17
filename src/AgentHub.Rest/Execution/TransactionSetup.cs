using System.Text;
using AgentHub.Rest.Sql;
using Npgsql;
using NpgsqlTypes;

namespace AgentHub.Rest.Execution;

/// <summary>
/// The one statement that prepares a request's transaction (data-api.md §17.3): search path, role,
/// the role's own settings, JWT claims, request method, path, headers and cookies, optional
/// timezone and function settings, and READ ONLY when the request must not write. All values are
/// parameters and every setting is transaction-local.
/// </summary>
internal sealed class TransactionSetup
{
    private readonly List<KeyValuePair<string, string>> _settings = [];

    public TransactionSetup Set(string name, string value)
    {
        _settings.Add(new(name, value));
        return this;
    }

    public TransactionSetup SetAll(IEnumerable<KeyValuePair<string, string>>? settings)
    {
        if (settings is not null)
        {
            _settings.AddRange(settings);
        }

        return this;
    }

    public NpgsqlBatchCommand ToCommand(bool readOnly)
    {
        var command = new NpgsqlBatchCommand(SetupSql(_settings.Count, readOnly));
        foreach (var (name, value) in _settings)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = name });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = value });
        }

        return command;
    }

    /// <summary>Statement texts by setting count and read-only flag: the same few on every request, so built once.</summary>
    private static readonly string?[,] SqlCache = new string?[32, 2];

    private static string SetupSql(int count, bool readOnly)
    {
        if (count < SqlCache.GetLength(0) && SqlCache[count, readOnly ? 1 : 0] is { } cached)
        {
            return cached;
        }

        var sql = new StringBuilder("SELECT ");
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append("set_config($").Append(2 * i + 1).Append(", $").Append(2 * i + 2).Append(", true)");
        }

        if (readOnly)
        {
            // Turning read-only on is allowed at any point of a transaction, so it can ride along here.
            sql.Append(count == 0 ? "" : ", ").Append("set_config('transaction_read_only', 'on', true)");
        }

        var text = sql.ToString();
        if (count < SqlCache.GetLength(0))
        {
            SqlCache[count, readOnly ? 1 : 0] = text;
        }

        return text;
    }

    /// <summary>A request statement as an Npgsql command.</summary>
    public static NpgsqlBatchCommand Statement(string sql, IReadOnlyList<SqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter
            {
                NpgsqlDbType = parameter.Type switch
                {
                    SqlParameterType.Unknown => NpgsqlDbType.Unknown,
                    SqlParameterType.Text => NpgsqlDbType.Text,
                    SqlParameterType.Json => NpgsqlDbType.Json,
                    SqlParameterType.BigInt => NpgsqlDbType.Bigint,
                    _ => NpgsqlDbType.Integer,
                },
                Value = parameter.Value,
            });
        }

        return command;
    }
}
