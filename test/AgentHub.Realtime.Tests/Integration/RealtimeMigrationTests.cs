using AgentHub.Postgres.Migrations;
using AgentHub.Realtime.Tests.Support;
using AgentHub.Testing;
using Npgsql;

namespace AgentHub.Realtime.Tests.Integration;

/// <summary>The platform migration that creates Supabase's realtime schema objects.</summary>
public sealed class RealtimeMigrationTests(HubFixture hub)
{
    [Fact]
    public async Task The_realtime_schema_table_and_topic_function_exist_with_rls_on()
    {
        Assert.Equal("realtime.messages", await Sql.ScalarAsync<string>(hub.Database, "select to_regclass('realtime.messages')::text"));
        Assert.True(await Sql.ScalarAsync<bool>(hub.Database, "select relrowsecurity from pg_class where oid = 'realtime.messages'::regclass"));
        Assert.Equal("room:1", await Sql.ScalarAsync<string>(hub.Database, "select set_config('realtime.topic', 'room:1', false), realtime.topic()"));
        Assert.True(await Sql.ScalarAsync<bool>(hub.Database, "select has_function_privilege('anon', 'realtime.topic()', 'execute')"));
        Assert.True(await Sql.ScalarAsync<bool>(hub.Database, "select has_table_privilege('authenticated', 'realtime.messages', 'select,insert')"));
    }

    [Fact]
    public async Task The_migration_is_idempotent_and_leaves_existing_objects_alone()
    {
        await using var connection = new NpgsqlConnection(hub.Database.ConnectionString("realtime-tests"));
        await connection.OpenAsync();
        var migration = MigrationTrack.Platform().Files.Single(f => f.Name == "realtime_schema");
        await using var transaction = await connection.BeginTransactionAsync();

        // A project that already has its own realtime.topic() keeps it.
        await using (var replace = new NpgsqlCommand("create or replace function realtime.topic() returns text language sql stable as $$ select 'theirs' $$", connection, transaction))
        {
            await replace.ExecuteNonQueryAsync();
        }

        foreach (var statement in SqlStatementSplitter.Split(migration.Sql))
        {
            await using var command = new NpgsqlCommand(statement.Text, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }

        await using var check = new NpgsqlCommand("select realtime.topic()", connection, transaction);
        Assert.Equal("theirs", await check.ExecuteScalarAsync());
        await transaction.RollbackAsync();
    }
}
