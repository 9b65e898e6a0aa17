using System.Text.Json;
using AgentHub.Auth.Tokens;
using AgentHub.Postgres;
using AgentHub.Postgres.Migrations;
using AgentHub.Testing;
using Npgsql;
using NpgsqlTypes;

namespace AgentHub.Cdc.Tests;

/// <summary>
/// Row-level security decided by PostgreSQL, batched per distinct claims set, with one failing
/// identity (or row) isolated from the rest (docs/realtime-protocol.md §6.6).
/// </summary>
public sealed class ChangeAuthorizerTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly Guid Alice = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Bob = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Boom = Guid.Parse("00000000-0000-0000-0000-0000000000cc");

    private static readonly VerifiedToken AliceToken = Token("authenticated", $$"""{"role":"authenticated","sub":"{{Alice}}"}""");
    private static readonly VerifiedToken BobToken = Token("authenticated", $$"""{"role":"authenticated","sub":"{{Bob}}"}""");
    private static readonly VerifiedToken BoomToken = Token("authenticated", $$"""{"role":"authenticated","sub":"{{Boom}}","boom":"yes"}""");
    private static readonly VerifiedToken AnonToken = VerifiedToken.Anonymous;
    private static readonly VerifiedToken ServiceToken = Token("service_role", """{"role":"service_role"}""");

    private DatabaseEndpoint _db = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await postgres.CreateDatabaseAsync("authorizer");
        await new MigrationRunner(_db.ConnectionString()).ApplyAsync(MigrationTrack.Platform());
        await Sql.ExecuteAsync(_db, $$"""
            create table public.notes (id bigint primary key, owner uuid, body text, secret text);
            alter table public.notes enable row level security;
            -- Raises for the "boom" identity on the 'bomb' row only; false otherwise.
            create function public.explode(body text) returns boolean language plpgsql stable as $f$
            begin
              if auth.jwt() ->> 'boom' = 'yes' and body = 'bomb' then raise exception 'policy exploded'; end if;
              return false;
            end $f$;
            create policy own_notes on public.notes for select to authenticated using (owner = auth.uid() or public.explode(body));
            create policy public_notes on public.notes for select to anon using (owner is null);
            revoke select on public.notes from anon;
            grant select (id, owner, body) on public.notes to anon;
            insert into public.notes values
              (1, '{{Alice}}', 'a', 's1'), (2, '{{Bob}}', 'b', 's2'), (3, null, 'public', 's3'), (4, '{{Boom}}', 'c', 's4'), (5, '{{Alice}}', 'bomb', 's5');
            -- A realistic size, so lookups by key use the index and visit only the rows asked for
            -- (on a tiny table a sequential scan would evaluate the raising policy on every row).
            insert into public.notes select g, gen_random_uuid(), 'filler', null from generate_series(100, 100000) g;
            analyze public.notes;

            create table public.open_table (id int primary key, v text);
            insert into public.open_table values (1, 'x');
            create table public.no_key (v text);
            create table public.keyed (id int primary key, v text);
            revoke all on public.keyed from anon;
            grant select (v) on public.keyed to anon;
            insert into public.keyed values (1, 'k');

            create function public.slow_check() returns boolean language plpgsql stable as $f$
            begin
              if auth.jwt() ->> 'slow' = 'yes' then perform pg_sleep(30); end if;
              return true;
            end $f$;
            create table public.slow (id int primary key);
            alter table public.slow enable row level security;
            create policy slow_read on public.slow for select to authenticated using (public.slow_check());
            insert into public.slow values (1), (2), (3);
            """);
        _dataSource = NpgsqlDataSource.Create(_db.ConnectionString("agenthub-cdc-authorizer"));
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Each_identity_sees_the_rows_its_policies_allow_with_one_query_per_distinct_claims_set()
    {
        var notes = (await new RelationCatalog(_dataSource).FindAsync("public", "notes"))!;
        var changes = Enumerable.Range(1, 5).Select(id => Insert(notes, id)).ToList();
        var log = new ListLogger<ChangeAuthorizer>();
        var authorizer = new ChangeAuthorizer(_dataSource, logger: log);
        // Alice twice: identical claims are checked once.
        VerifiedToken[] identities = [AliceToken, BobToken, AnonToken, BoomToken, ServiceToken, AliceToken];

        var result = await authorizer.AuthorizeAsync(changes, identities);

        Assert.Equal([1, 5], VisibleIds(result, changes, 0));
        Assert.Equal([2], VisibleIds(result, changes, 1));
        Assert.Equal([3], VisibleIds(result, changes, 2));
        // The policy raised on row 5 for this identity only: it loses that row, keeps its own, and the others are unaffected.
        Assert.True(VisibleIds(result, changes, 3).SequenceEqual([4]), string.Join("\n", log.Lines));
        Assert.Contains(log.Lines, l => l.Contains("policy exploded") && l.Contains("AuthorizationIdentityFailed"));
        Assert.Contains(log.Lines, l => l.Contains("policy exploded") && l.Contains("AuthorizationEventFailed"));
        Assert.Equal([1, 2, 3, 4, 5], VisibleIds(result, changes, 4));
        Assert.Equal([1, 5], VisibleIds(result, changes, 5));
        // One catalog query, one lookup each for alice, bob, anon and boom, then boom's rows one by one.
        Assert.Equal(1 + 4 + 5, authorizer.QueriesExecuted);

        // anon may not SELECT "secret": its payloads leave the column out; the service role sees everything.
        var anonAccess = result[2, 2];
        Assert.NotNull(anonAccess.Columns);
        Assert.False(anonAccess.Columns!.Includes(notes.IndexOf("secret")));
        Assert.True(anonAccess.Columns.Includes(notes.IndexOf("body")));
        Assert.Null(result[0, 4].Columns);
        Assert.Null(result[0, 0].Columns);
        using var payload = JsonDocument.Parse(ChangePayloadWriter.ToArray(changes[2], anonAccess));
        Assert.False(payload.RootElement.GetProperty("record").TryGetProperty("secret", out _));
        Assert.Equal(3, payload.RootElement.GetProperty("columns").GetArrayLength());
    }

    [Fact]
    public async Task Deletes_are_not_row_checked_and_carry_only_the_key_on_tables_with_row_level_security()
    {
        var notes = (await new RelationCatalog(_dataSource).FindAsync("public", "notes"))!;
        var old = ChangeRow.FromText(notes, ("id", "99"), ("owner", Bob.ToString()), ("body", "gone"), ("secret", "s"));
        var delete = new ChangeEvent(notes, ChangeKind.Delete, DateTimeOffset.UnixEpoch, new NpgsqlLogSequenceNumber(1), 1, null, old);
        var authorizer = new ChangeAuthorizer(_dataSource);

        var result = await authorizer.AuthorizeAsync([delete], [AliceToken, AnonToken, ServiceToken]);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(ChangeVisibility.Visible, result[0, i].Visibility);
            Assert.True(result[0, i].OldRecordKeysOnly);
        }
        Assert.Equal(1, authorizer.QueriesExecuted);
        using var payload = JsonDocument.Parse(ChangePayloadWriter.ToArray(delete, result[0, 0]));
        Assert.Equal("""{"id":99}""", payload.RootElement.GetProperty("old_record").GetRawText());
    }

    [Fact]
    public async Task Tables_without_rls_need_no_lookup_and_missing_keys_or_privileges_give_the_supabase_errors()
    {
        var catalog = new RelationCatalog(_dataSource);
        var open = (await catalog.FindAsync("public", "open_table"))!;
        var noKey = (await catalog.FindAsync("public", "no_key"))!;
        var keyed = (await catalog.FindAsync("public", "keyed"))!;
        Assert.False(noKey.HasPrimaryKey);
        ChangeEvent[] changes =
        [
            Insert(open, ("id", "1"), ("v", "x")),
            Insert(noKey, ("v", "x")),
            Insert(keyed, ("id", "1"), ("v", "k")),
        ];
        var nobody = Token("no_such_role", """{"role":"no_such_role"}""");
        var authorizer = new ChangeAuthorizer(_dataSource);

        var result = await authorizer.AuthorizeAsync(changes, [AliceToken, AnonToken, ServiceToken, nobody]);

        Assert.Equal(ChangeVisibility.Visible, result[0, 0].Visibility);
        Assert.Equal(ChangeVisibility.Visible, result[0, 1].Visibility);
        Assert.Equal(ChangeVisibility.NoPrimaryKey, result[1, 0].Visibility);
        Assert.Equal(ChangeVisibility.NoPrimaryKey, result[1, 1].Visibility);
        Assert.Equal(ChangeVisibility.Visible, result[1, 2].Visibility);
        Assert.Equal(ChangeVisibility.Visible, result[2, 0].Visibility);
        Assert.Equal(ChangeVisibility.Unauthorized, result[2, 1].Visibility);
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(ChangeVisibility.Hidden, result[i, 3].Visibility));
        // No table here has row-level security: the catalog query is the only one.
        Assert.Equal(1, authorizer.QueriesExecuted);

        Assert.Equal("""{"schema":"public","table":"no_key","commit_timestamp":null,"type":"INSERT","columns":[],"record":{},"errors":["Error 400: Bad Request, no primary key"]}""",
            System.Text.Encoding.UTF8.GetString(ChangePayloadWriter.ToArray(changes[1], result[1, 0])));
        Assert.Equal("""{"schema":"public","table":"keyed","commit_timestamp":null,"type":"INSERT","columns":[],"record":{},"errors":["Error 401: Unauthorized"]}""",
            System.Text.Encoding.UTF8.GetString(ChangePayloadWriter.ToArray(changes[2], result[2, 1])));
    }

    [Fact]
    public async Task The_service_role_alone_needs_no_query_and_rows_deleted_since_are_hidden()
    {
        var notes = (await new RelationCatalog(_dataSource).FindAsync("public", "notes"))!;
        var authorizer = new ChangeAuthorizer(_dataSource);
        var result = await authorizer.AuthorizeAsync([Insert(notes, 1), Insert(notes, 2)], [ServiceToken]);
        Assert.Equal(ChangeVisibility.Visible, result[0, 0].Visibility);
        Assert.Equal(0, authorizer.QueriesExecuted);

        // The lookup sees the table as it is now (as Supabase's does): a row that no longer exists is visible to nobody but the service role.
        var gone = Insert(notes, ("id", "1000"), ("owner", Alice.ToString()), ("body", "a"), ("secret", "s"));
        var later = await authorizer.AuthorizeAsync([gone], [AliceToken, ServiceToken]);
        Assert.Equal(ChangeVisibility.Hidden, later[0, 0].Visibility);
        Assert.Equal(ChangeVisibility.Visible, later[0, 1].Visibility);
    }

    [Fact]
    public async Task The_lookup_uses_the_primary_key_index_under_row_level_security()
    {
        var notes = (await new RelationCatalog(_dataSource).FindAsync("public", "notes"))!;
        ChangeEvent[] changes = [Insert(notes, 1), Insert(notes, 4)];
        var command = VisibilityQuery.Build(changes, [0, 1]);
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var role = new NpgsqlCommand("select set_config('role', 'authenticated', true)", connection, transaction)) await role.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("explain " + command.CommandText, connection, transaction);
        foreach (NpgsqlParameter p in command.Parameters) explain.Parameters.Add(p.Clone());
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync()) while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        var text = string.Join("\n", plan);
        // A sequential scan would evaluate every policy on every row of the table.
        Assert.Contains("Index Cond: (id = k.p0)", text);
        Assert.DoesNotContain("Seq Scan", text);
    }

    [Fact]
    public async Task A_policy_that_runs_too_long_hides_the_rows_from_that_identity_only_and_quickly()
    {
        var slow = (await new RelationCatalog(_dataSource).FindAsync("public", "slow"))!;
        ChangeEvent[] changes = [Insert(slow, ("id", "1")), Insert(slow, ("id", "2")), Insert(slow, ("id", "3"))];
        var sleeper = Token("authenticated", $$"""{"role":"authenticated","sub":"{{Bob}}","slow":"yes"}""");
        var authorizer = new ChangeAuthorizer(_dataSource, new ChangeAuthorizerOptions { CheckTimeout = TimeSpan.FromMilliseconds(300) });
        var started = DateTime.UtcNow;

        var result = await authorizer.AuthorizeAsync(changes, [sleeper, AliceToken]);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(ChangeVisibility.Hidden, result[i, 0].Visibility));
        Assert.All(Enumerable.Range(0, 3), i => Assert.Equal(ChangeVisibility.Visible, result[i, 1].Visibility));
        // A timeout is not retried row by row: catalog + one lookup per identity.
        Assert.Equal(3, authorizer.QueriesExecuted);
    }

    private static int[] VisibleIds(ChangeAuthorization result, List<ChangeEvent> changes, int identity) =>
        Enumerable.Range(0, changes.Count).Where(i => result[i, identity].Visibility == ChangeVisibility.Visible)
            .Select(i => int.Parse(changes[i].Record!["id"].Text!)).ToArray();

    private static ChangeEvent Insert(ChangeRelation notes, int id) => Insert(notes, ("id", id.ToString()), ("body", "x"));

    private static ChangeEvent Insert(ChangeRelation relation, params (string, string?)[] values) =>
        new(relation, ChangeKind.Insert, DateTimeOffset.UnixEpoch, new NpgsqlLogSequenceNumber(1), 1, ChangeRow.FromText(relation, values), null);

    private static VerifiedToken Token(string role, string claims) => new(role, claims, JsonDocument.Parse(claims).RootElement.Clone(), null);
}
