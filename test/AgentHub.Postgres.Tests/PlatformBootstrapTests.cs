using AgentHub.Postgres.Migrations;
using AgentHub.Testing;
using Npgsql;

namespace AgentHub.Postgres.Tests;

/// <summary>The platform track gives a database what Supabase schema SQL relies on.</summary>
public sealed class PlatformBootstrapTests(PostgresFixture postgres)
{
    private const string SupabaseStyleMigration = """
        create table public.todos (
          id uuid primary key default uuid_generate_v4(),
          user_id uuid not null references auth.users (id) on delete cascade,
          title text not null,
          secret text default encode(gen_random_bytes(8), 'hex')
        );
        alter table public.todos enable row level security;
        create policy "own rows" on public.todos for all to authenticated
          using (user_id = auth.uid()) with check (user_id = auth.uid());
        create policy "service reads" on public.todos for select using (auth.role() = 'service_role');
        alter publication supabase_realtime add table public.todos;
        """;

    private async Task<DatabaseEndpoint> BootstrappedAsync(string purpose)
    {
        var db = await postgres.CreateDatabaseAsync(purpose);
        await new MigrationRunner(db.ConnectionString()).ApplyAsync(MigrationTrack.Platform());
        return db;
    }

    [Fact]
    public async Task A_migration_written_for_supabase_applies_as_it_is()
    {
        var db = await BootstrappedAsync("supabase_sql");
        var applied = await new MigrationRunner(db.ConnectionString()).ApplyAsync(
            MigrationTrack.User([new MigrationFile("20240101000000", "todos", "todos.sql", SupabaseStyleMigration)]));
        Assert.Single(applied);
        Assert.True(await Sql.ScalarAsync<bool>(db, "select exists (select 1 from pg_publication_tables where pubname = 'supabase_realtime' and tablename = 'todos')"));
        Assert.Equal("logical", await Sql.ScalarAsync<string>(db, "select current_setting('wal_level')"));
    }

    [Fact]
    public async Task Roles_switch_through_authenticator_and_row_level_security_applies()
    {
        var db = await BootstrappedAsync("rls");
        await new MigrationRunner(db.ConnectionString()).ApplyAsync(
            MigrationTrack.User([new MigrationFile("20240101000000", "todos", "todos.sql", SupabaseStyleMigration)]));
        var alice = Guid.NewGuid();
        var bob = Guid.NewGuid();
        await Sql.ExecuteAsync(db, $"""
            insert into auth.users (id, email) values ('{alice}', 'alice@example.com'), ('{bob}', 'bob@example.com');
            insert into public.todos (user_id, title) values ('{alice}', 'alice 1'), ('{alice}', 'alice 2'), ('{bob}', 'bob 1');
            alter role authenticator password 'test-password';
            """);

        var asAuthenticator = db with { Username = "authenticator", Password = "test-password" };
        await using var connection = new NpgsqlConnection(asAuthenticator.ConnectionString());
        await connection.OpenAsync();

        Assert.Equal(0L, await CountAsVisibleAsync(connection, "anon", """{"role":"anon"}"""));
        Assert.Equal(2L, await CountAsVisibleAsync(connection, "authenticated", $$"""{"role":"authenticated","sub":"{{alice}}"}"""));
        Assert.Equal(1L, await CountAsVisibleAsync(connection, "authenticated", $$"""{"role":"authenticated","sub":"{{bob}}"}"""));
        Assert.Equal(3L, await CountAsVisibleAsync(connection, "service_role", """{"role":"service_role"}"""));

        // Writing a row for someone else is refused by the policy's WITH CHECK.
        await using var tx = await connection.BeginTransactionAsync();
        await SetRequestAsync(connection, "authenticated", $$"""{"role":"authenticated","sub":"{{alice}}"}""");
        await using var insert = new NpgsqlCommand($"insert into public.todos (user_id, title) values ('{bob}', 'forged')", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Equal("42501", error.SqlState);
    }

    [Fact]
    public async Task Auth_helpers_read_the_request_claims_like_supabase()
    {
        var db = await BootstrappedAsync("helpers");
        var sub = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(db.ConnectionString());
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await SetRequestAsync(connection, null, $$$"""{"role":"authenticated","sub":"{{{sub}}}","email":"a@b.c","app_metadata":{"team":"t1"}}""");
        await using var command = new NpgsqlCommand("select auth.uid(), auth.role(), auth.email(), auth.jwt() -> 'app_metadata' ->> 'team'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(sub, reader.GetGuid(0));
        Assert.Equal("authenticated", reader.GetString(1));
        Assert.Equal("a@b.c", reader.GetString(2));
        Assert.Equal("t1", reader.GetString(3));
        await reader.CloseAsync();

        // Legacy per-claim settings win when present, as in Supabase's functions.
        var legacy = Guid.NewGuid();
        await using var set = new NpgsqlCommand("select set_config('request.jwt.claim.sub', $1, true)", connection) { Parameters = { new() { Value = legacy.ToString() } } };
        await set.ExecuteNonQueryAsync();
        await using var uid = new NpgsqlCommand("select auth.uid()", connection);
        Assert.Equal(legacy, await uid.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Existing_supabase_objects_are_left_as_they_are()
    {
        var db = await postgres.CreateDatabaseAsync("existing");
        // A Supabase project already has an auth schema with its own uid() and a publication.
        await Sql.ExecuteAsync(db, """
            create schema auth;
            create function auth.uid() returns uuid language sql stable as $$ select '00000000-0000-0000-0000-000000000001'::uuid $$;
            create table auth.users (id uuid primary key, email text, marker text default 'theirs');
            create publication supabase_realtime for all tables;
            """);
        await new MigrationRunner(db.ConnectionString()).ApplyAsync(MigrationTrack.Platform());

        Assert.Equal(Guid.Parse("00000000-0000-0000-0000-000000000001"), await Sql.ScalarAsync<Guid>(db, "select auth.uid()"));
        Assert.True(await Sql.ScalarAsync<bool>(db, "select exists (select 1 from information_schema.columns where table_schema = 'auth' and table_name = 'users' and column_name = 'marker')"));
        Assert.True(await Sql.ScalarAsync<bool>(db, "select puballtables from pg_publication where pubname = 'supabase_realtime'"));
        Assert.NotNull(await Sql.ScalarAsync<string>(db, "select to_regprocedure('auth.role()')::text"));
    }

    private static async Task<long> CountAsVisibleAsync(NpgsqlConnection connection, string role, string claims)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await SetRequestAsync(connection, role, claims);
        await using var count = new NpgsqlCommand("select count(*) from public.todos", connection);
        var result = (long)(await count.ExecuteScalarAsync())!;
        await tx.RollbackAsync();
        return result;
    }

    private static async Task SetRequestAsync(NpgsqlConnection connection, string? role, string claims)
    {
        await using var command = new NpgsqlCommand(
            "select set_config('request.jwt.claims', $1, true)" + (role is null ? "" : ", set_config('role', $2, true)"), connection);
        command.Parameters.Add(new NpgsqlParameter { Value = claims });
        if (role is not null) command.Parameters.Add(new NpgsqlParameter { Value = role });
        await command.ExecuteNonQueryAsync();
    }
}
