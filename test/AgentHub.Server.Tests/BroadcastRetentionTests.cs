using AgentHub.Postgres.Migrations;
using AgentHub.Server.Changes;
using AgentHub.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AgentHub.Server.Tests;

/// <summary>The purge of old database broadcasts from realtime.messages, against a real database.</summary>
public sealed class BroadcastRetentionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Broadcasts_past_the_retention_are_purged_and_everything_else_is_kept()
    {
        var db = await postgres.CreateDatabaseAsync("retention");
        await new MigrationRunner(db.ConnectionString()).ApplyAsync(MigrationTrack.Platform());
        // 12,000 old broadcasts (more than one delete statement takes), 3 recent ones, and an old row
        // of another extension, which the purge must leave alone.
        await Sql.ExecuteAsync(db, """
            insert into realtime.messages (topic, extension, event, payload, inserted_at)
            select 'room:old', 'broadcast', 'e', '{}', localtimestamp - interval '5 hours' - n * interval '1 second' from generate_series(1, 12000) n;
            insert into realtime.messages (topic, extension, event, payload) select 'room:new', 'broadcast', 'e', '{}' from generate_series(1, 3);
            insert into realtime.messages (topic, extension, inserted_at) values ('room:old', 'presence', localtimestamp - interval '5 hours');
            """);

        await using var admin = NpgsqlDataSource.Create(db.ConnectionString());
        var retention = new BroadcastRetention(admin, TimeSpan.FromHours(1), NullLogger<BroadcastRetention>.Instance);
        Assert.Equal(12_000L, await retention.PurgeAsync(CancellationToken.None));

        Assert.Equal("presence:1,room:new:3", await Sql.ScalarAsync<string>(db,
            "select string_agg(k || ':' || n, ',' order by k) from (select case when extension = 'broadcast' then topic else extension end as k, count(*) as n from realtime.messages group by 1) x"));
        Assert.Equal(0L, await retention.PurgeAsync(CancellationToken.None));
    }
}
