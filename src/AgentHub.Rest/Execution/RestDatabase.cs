using Npgsql;

namespace AgentHub.Rest.Execution;

/// <summary>
/// The connection pool requests run on: logged in as the API login role (authenticator), with
/// Postgres' error details kept (they are the PostgREST <c>details</c> field: "Key (id)=(1) already
/// exists.") and automatic preparation, so the stable statement text of each plan shape is parsed
/// and planned once per connection rather than per request.
/// </summary>
/// <remarks>
/// No reset when a connection goes back to the pool (NoResetOnClose). Npgsql's reset is seven
/// statements (RESET ALL, SET SESSION AUTHORIZATION DEFAULT, pg_advisory_unlock_all() planned anew
/// each time, ...) riding on the next request; pg_stat_statements under the rest benchmark showed
/// them costing about a fifth of PostgreSQL's time for a one-row GET. Everything the hub sets is
/// transaction-local (role, claims, search_path, statement_timeout), and the response.* settings
/// that SQL may set are blanked per transaction (see RestHandler), so nothing of one request reaches
/// the next unless user SQL deliberately keeps session state (a session-level SET, a session
/// advisory lock, a temporary table): the same contract as PostgREST, which does not reset its
/// pooled connections either.
/// </remarks>
internal sealed class RestDatabase : IAsyncDisposable
{
    /// <summary>Statements kept prepared per connection (LRU); plan shapes beyond it are re-parsed.</summary>
    public const int MaxAutoPrepare = 256;

    public RestDatabase(string connectionString, int maxPoolSize = 50)
    {
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            IncludeErrorDetail = true,
            MaxAutoPrepare = MaxAutoPrepare,
            NoResetOnClose = true,
            AutoPrepareMinUsages = 2,
            MaxPoolSize = maxPoolSize,
            Timeout = 5,
        }.ConnectionString);
    }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
