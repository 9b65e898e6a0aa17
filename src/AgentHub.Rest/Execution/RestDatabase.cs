using Npgsql;

namespace AgentHub.Rest.Execution;

/// <summary>
/// The connection pool requests run on: logged in as the API login role (authenticator), with
/// Postgres' error details kept (they are the PostgREST <c>details</c> field: "Key (id)=(1) already
/// exists.") and automatic preparation, so the stable statement text of each plan shape is parsed
/// and planned once per connection rather than per request.
/// </summary>
/// <remarks>
/// <para>No reset when a connection goes back to the pool (NoResetOnClose). Npgsql's reset is seven
/// statements (RESET ALL, SET SESSION AUTHORIZATION DEFAULT, pg_advisory_unlock_all() planned anew
/// each time, ...) riding on the next request; pg_stat_statements under the rest benchmark showed
/// them costing about a fifth of PostgreSQL's time for a one-row GET. Everything the hub sets is
/// transaction-local (role, claims, search_path, statement_timeout), and the response.* settings
/// that SQL may set are blanked per transaction (see RestHandler), so nothing of one request reaches
/// the next unless user SQL deliberately keeps session state (a session-level SET, a session
/// advisory lock, a temporary table): the same contract as PostgREST, which does not reset its
/// pooled connections either.</para>
/// <para>Multiplexing: requests do not hold a connection each; their batches are queued and written
/// to whichever connection is free, several per socket write, and the answers routed back. A request
/// is one batch run as one implicit transaction (see <see cref="StatementExecutor"/>), so no state of
/// one request stays on a connection the next one gets, even when it fails. On the data API's
/// benchmark this cut the hub's CPU per one-row GET by about a sixth (fewer socket calls and thread
/// wake-ups). Requests that must decide between COMMIT and ROLLBACK after seeing their result take
/// an explicit transaction, which binds a connection for its duration.</para>
/// <para>Implicit transactions run at the session's default isolation, so the session pins it to
/// READ COMMITTED (what PostgREST's BEGIN asks for) whatever the database's default.</para>
/// </remarks>
internal sealed class RestDatabase : IAsyncDisposable
{
    /// <summary>Statements kept prepared per connection (LRU); plan shapes beyond it are re-parsed.</summary>
    public const int MaxAutoPrepare = 256;

    public RestDatabase(string connectionString, int maxPoolSize = 50)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString)
        {
            IncludeErrorDetail = true,
            MaxAutoPrepare = MaxAutoPrepare,
            NoResetOnClose = true,
            AutoPrepareMinUsages = 2,
            MaxPoolSize = maxPoolSize,
            Timeout = 5,
            Multiplexing = true,
        };
        const string ReadCommitted = @"-c default_transaction_isolation=read\ committed";
        settings.Options = string.IsNullOrWhiteSpace(settings.Options) ? ReadCommitted : settings.Options + " " + ReadCommitted;
        DataSource = NpgsqlDataSource.Create(settings.ConnectionString);
    }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
