using Npgsql;

namespace AgentHub.Rest.Execution;

/// <summary>
/// The connection pool requests run on: logged in as the API login role (authenticator), with
/// Postgres' error details kept (they are the PostgREST <c>details</c> field: "Key (id)=(1) already
/// exists.") and automatic preparation, so the stable statement text of each plan shape is parsed
/// and planned once per connection rather than per request.
/// </summary>
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
            AutoPrepareMinUsages = 2,
            MaxPoolSize = maxPoolSize,
            Timeout = 5,
        }.ConnectionString);
    }

    public NpgsqlDataSource DataSource { get; }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
