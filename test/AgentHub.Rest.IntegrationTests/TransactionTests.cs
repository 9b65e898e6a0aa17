using AgentHub.Testing;

namespace AgentHub.Rest.IntegrationTests;

/// <summary>
/// Each request is one transaction on a multiplexed pool: READ COMMITTED whatever the database's
/// default, and nothing of one request (a failure, transaction-local settings) reaches another.
/// </summary>
public sealed class TransactionTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Schema = """
        -- A database whose default isolation is not PostgREST's: requests must still run READ COMMITTED.
        do $$ begin execute format('alter database %I set default_transaction_isolation = %L', current_database(), 'serializable'); end $$;
        create table public.marks (n int primary key);
        create function public.isolation() returns text language sql stable as $$ select current_setting('transaction_isolation') $$;
        create function public.leftover() returns text language sql stable as $$ select coalesce(current_setting('app.leftover', true), '') $$;
        create function public.fail_after_setting(n int) returns int language plpgsql volatile as $$
        begin
          perform set_config('app.leftover', 'from a failed request', true);
          insert into public.marks (n) values (n);
          raise exception 'failing on purpose' using errcode = 'P0001';
        end $$;
        create function public.mark(n int) returns int language sql volatile as $$ insert into public.marks (n) values (n) returning n $$;
        """;

    private RestHub? _hub;

    private RestHub Hub => _hub!;

    public async ValueTask InitializeAsync() => _hub = await RestHub.StartAsync(postgres, "transactions", Schema);

    public async ValueTask DisposeAsync()
    {
        if (_hub is not null) await _hub.DisposeAsync();
    }

    [Fact]
    public async Task Requests_run_read_committed_even_when_the_database_defaults_to_serializable()
    {
        Assert.Equal("serializable", await AgentHub.Testing.Sql.ScalarAsync<string>(Hub.Database, "select current_setting('default_transaction_isolation')"));
        foreach (var (method, url, body) in new[] { ("GET", "rpc/isolation", (string?)null), ("POST", "rpc/isolation", "{}") })
        {
            var response = await Hub.SendAsync(method, url, body);
            Assert.Equal(200, response.Status);
            Assert.Equal("\"read committed\"", response.Body);
        }
    }

    [Fact]
    public async Task Failing_requests_interleaved_with_good_ones_leave_nothing_behind()
    {
        // Many more requests than connections, half of them failing after writing and setting a
        // transaction-local value: each failure rolls back alone, and no later request sees its state.
        var requests = Enumerable.Range(1, 200).Select(async n =>
        {
            var fails = n % 2 == 0;
            var response = await Hub.SendAsync("POST", fails ? "rpc/fail_after_setting" : "rpc/mark", $$"""{"n":{{n}}}""");
            var leftover = await Hub.SendAsync("GET", "rpc/leftover");
            return (n, fails, response, leftover);
        });

        foreach (var (n, fails, response, leftover) in await Task.WhenAll(requests))
        {
            Assert.Equal(fails ? 400 : 200, response.Status);
            if (fails) Assert.Contains("failing on purpose", response.Body);
            else Assert.Equal(n.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Body);
            Assert.Equal(200, leftover.Status);
            Assert.Equal("\"\"", leftover.Body);
        }

        Assert.Equal(100L, await AgentHub.Testing.Sql.ScalarAsync<long>(Hub.Database, "select count(*) from public.marks"));
        Assert.Equal(0L, await AgentHub.Testing.Sql.ScalarAsync<long>(Hub.Database, "select count(*) from public.marks where n % 2 = 0"));
    }
}
