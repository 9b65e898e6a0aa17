using AgentHub.Postgres.Migrations;
using AgentHub.Testing;
using Npgsql;

namespace AgentHub.Postgres.Tests;

public sealed class MigrationRunnerTests(PostgresFixture postgres)
{
    private static MigrationFile File(string version, string sql, string name = "m") => new(version, name, $"supabase/migrations/{version}_{name}.sql", sql);

    private async Task<(DatabaseEndpoint Db, MigrationRunner Runner)> FreshAsync(string purpose)
    {
        var db = await postgres.CreateDatabaseAsync(purpose);
        return (db, new MigrationRunner(db.ConnectionString()));
    }

    [Fact]
    public async Task Applies_in_version_order_not_listing_order_and_records_supabase_history()
    {
        var (db, runner) = await FreshAsync("order");
        await runner.ApplyAsync(MigrationTrack.Platform());
        // A user track built from files given out of order: the runner must sort by version.
        MigrationFile[] listed =
        [
            File("20240102000000", "insert into log values ('second');", "second"),
            File("20240101000000", "create table log (what text, at timestamptz default clock_timestamp()); insert into log values ('first');", "first"),
        ];
        var track = MigrationTrack.User(listed);
        var applied = await runner.ApplyAsync(track);

        Assert.Equal(["20240101000000", "20240102000000"], applied.Select(f => f.Version));
        Assert.Equal("first,second", await Sql.ScalarAsync<string>(db, "select string_agg(what, ',' order by at) from log"));
        Assert.Equal(2L, await Sql.ScalarAsync<long>(db, "select count(*) from supabase_migrations.schema_migrations"));
        var statements = await Sql.ScalarAsync<string[]>(db, "select statements from supabase_migrations.schema_migrations where version = '20240101000000'");
        Assert.Equal(2, statements!.Length);
        Assert.Equal("first", await Sql.ScalarAsync<string>(db, "select name from supabase_migrations.schema_migrations where version = '20240101000000'"));
    }

    [Fact]
    public async Task Second_run_applies_nothing_and_changes_nothing()
    {
        var (db, runner) = await FreshAsync("idempotent");
        var track = MigrationTrack.User([File("20240101000000", "create table t (id int); insert into t values (1);")]);
        Assert.Single(await runner.ApplyAsync(track));
        Assert.Empty(await runner.ApplyAsync(track));
        Assert.Empty(await runner.ApplyAsync(MigrationTrack.User([File("20240101000000", "create table t (id int); insert into t values (1);")])));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(db, "select count(*) from t"));
        Assert.All(await runner.StatusAsync(track), s => Assert.Equal(MigrationStateKind.Applied, s.State));
    }

    [Fact]
    public async Task Platform_track_is_idempotent_too()
    {
        var (_, runner) = await FreshAsync("platform_twice");
        Assert.NotEmpty(await runner.ApplyAsync(MigrationTrack.Platform()));
        Assert.Empty(await runner.ApplyAsync(MigrationTrack.Platform()));
    }

    [Fact]
    public async Task Concurrent_runners_apply_each_migration_exactly_once()
    {
        var (db, _) = await FreshAsync("concurrent");
        // Each migration appends to a table without "if not exists" guards: a second application would fail or double rows.
        var files = Enumerable.Range(1, 5)
            .Select(i => File($"2024010100000{i}", i == 1 ? "create table hits (n int); insert into hits values (1);" : $"insert into hits values ({i}); select pg_sleep(0.05);"))
            .ToList();
        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(() => new MigrationRunner(db.ConnectionString()).ApplyAsync(MigrationTrack.User(files))));
        var results = await Task.WhenAll(runs);

        Assert.Equal(5, results.Sum(r => r.Count));
        Assert.Equal(5L, await Sql.ScalarAsync<long>(db, "select count(*) from hits"));
        Assert.Equal(5L, await Sql.ScalarAsync<long>(db, "select count(distinct n) from hits"));
    }

    [Fact]
    public async Task Editing_an_applied_migration_is_detected_and_refused_before_anything_runs()
    {
        var (db, runner) = await FreshAsync("drift");
        await runner.ApplyAsync(MigrationTrack.User([File("20240101000000", "create table a (id int);", "create_a")]));

        var edited = MigrationTrack.User([
            File("20240101000000", "create table a (id bigint);", "create_a"),
            File("20240102000000", "create table b (id int);", "create_b"),
        ]);
        var error = await Assert.ThrowsAsync<MigrationException>(() => runner.ApplyAsync(edited));

        Assert.Contains("20240101000000_create_a.sql", error.Message);
        Assert.Contains("changed after it was applied", error.Message);
        Assert.Null(await Sql.ScalarAsync<string>(db, "select to_regclass('public.b')::text"));
        var states = await runner.StatusAsync(edited);
        Assert.Equal([MigrationStateKind.Modified, MigrationStateKind.Pending], states.Select(s => s.State));
    }

    [Fact]
    public async Task Failing_migration_rolls_back_whole_and_reports_file_line_column_and_postgres_message()
    {
        var (db, runner) = await FreshAsync("rollback");
        const string sql = "create table ok_table (id int);\ninsert into ok_table values (1);\n\nselect * from missing_table;\n";
        var error = await Assert.ThrowsAsync<MigrationException>(() =>
            runner.ApplyAsync(MigrationTrack.User([File("20240101000000", sql, "broken")])));

        Assert.Contains("20240101000000_broken.sql", error.Message);
        Assert.Contains("line 4, column 15", error.Message);
        Assert.Contains("42P01", error.Message);
        Assert.Contains("relation \"missing_table\" does not exist", error.Message);
        Assert.Null(await Sql.ScalarAsync<string>(db, "select to_regclass('public.ok_table')::text"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(db, "select count(*) from supabase_migrations.schema_migrations"));
    }

    [Fact]
    public async Task Earlier_migrations_stay_applied_when_a_later_one_fails()
    {
        var (db, runner) = await FreshAsync("partial");
        await Assert.ThrowsAsync<MigrationException>(() => runner.ApplyAsync(MigrationTrack.User([
            File("20240101000000", "create table kept (id int);"),
            File("20240102000000", "create table broken (id int; "),
        ])));
        Assert.Equal("kept", await Sql.ScalarAsync<string>(db, "select to_regclass('public.kept')::text"));
        Assert.Equal(1L, await Sql.ScalarAsync<long>(db, "select count(*) from supabase_migrations.schema_migrations"));
    }

    [Fact]
    public async Task Status_lists_pending_and_files_missing_without_changing_the_database()
    {
        var (db, runner) = await FreshAsync("status");
        Assert.Equal([MigrationStateKind.Pending], (await runner.StatusAsync(MigrationTrack.User([File("20240101000000", "select 1;")]))).Select(s => s.State));
        Assert.Null(await Sql.ScalarAsync<string>(db, "select to_regclass('supabase_migrations.schema_migrations')::text"));

        await runner.ApplyAsync(MigrationTrack.User([File("20240101000000", "select 1;", "gone")]));
        var states = await runner.StatusAsync(MigrationTrack.User([]));
        Assert.Equal(MigrationStateKind.FileMissing, Assert.Single(states).State);
    }

    [Fact]
    public async Task Migrations_applied_by_the_supabase_cli_have_no_checksum_and_are_not_drift()
    {
        var (db, runner) = await FreshAsync("cli_applied");
        await Sql.ExecuteAsync(db, """
            create schema supabase_migrations;
            create table supabase_migrations.schema_migrations (version text not null primary key, statements text[], name text);
            insert into supabase_migrations.schema_migrations values ('20240101000000', array['create table x (id int)'], 'cli');
            create table x (id int);
            """);
        var applied = await runner.ApplyAsync(MigrationTrack.User([
            File("20240101000000", "create table x (id int); -- applied by the CLI", "cli"),
            File("20240102000000", "create table y (id int);", "ours"),
        ]));
        Assert.Equal(["20240102000000"], applied.Select(a => a.Version));
    }
}
