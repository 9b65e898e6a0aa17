using AgentHub.Cdc;
using AgentHub.Core.PostgresChanges;
using AgentHub.Realtime.PostgresChanges;
using AgentHub.Server.Changes;
using Microsoft.Extensions.Logging.Abstractions;
using NpgsqlTypes;

namespace AgentHub.Server.Tests;

/// <summary>
/// Which changes pass a subscription's filter in the bridge. A filter the table cannot take was
/// reported to the client as a postgres_changes error; it must then pass nothing (it used to pass
/// everything, so the client received the whole table unfiltered).
/// </summary>
public sealed class PostgresChangesBridgeFilterTests
{
    private static readonly ChangeRelation Items = new(16500, "public", "items",
    [
        new ChangeColumn("id", PgType.Builtin("int8"), IsPrimaryKey: true, IsReplicaIdentity: true),
        new ChangeColumn("n", PgType.Builtin("int4"), false, false),
        new ChangeColumn("name", PgType.Builtin("text"), false, false),
    ]);

    // Only the filter path is exercised: it needs neither the registry nor the database.
    private static PostgresChangesBridge Bridge() => new(null!, null!, null!, "supabase_realtime", NullLogger<PostgresChangesBridge>.Instance);

    private static ChangeEvent Insert(string n, string name) =>
        new(Items, ChangeKind.Insert, DateTimeOffset.UnixEpoch, new NpgsqlLogSequenceNumber(1), 1, ChangeRow.FromText(Items, [("id", "1"), ("n", n), ("name", name)]), null);

    private static PostgresChangesSubscription Subscription(string? filter)
    {
        PostgresChangesFilter? parsed = null;
        if (filter is not null) Assert.True(PostgresChangesFilter.TryParse(filter, out parsed, out var error), error);
        return new PostgresChangesSubscription(7, PostgresChangesEvent.All, "*", "public", "items", parsed, null);
    }

    [Theory]
    [InlineData("n=eq.5", true)]
    [InlineData("n=eq.6", false)]
    [InlineData("name=eq.\"Doe, Jane\"", true)]
    [InlineData(null, true)]
    public void A_usable_filter_decides(string? filter, bool expected) =>
        Assert.Equal(expected, Bridge().PassesFilter(Subscription(filter), Insert("5", "Doe, Jane")));

    [Theory]
    [InlineData("nope=eq.1")] // unknown column
    [InlineData("n=eq.abc")] // not an integer
    [InlineData("n=eq.99999999999")] // out of range
    [InlineData("name=is.true")] // IS TRUE on text
    [InlineData("n=like.1%")] // LIKE on an integer
    [InlineData("name=match.[")] // passes the join's syntax check, but is no regular expression
    public void A_filter_the_table_cannot_take_passes_nothing(string filter)
    {
        var bridge = Bridge();
        var subscription = Subscription(filter);
        Assert.False(bridge.PassesFilter(subscription, Insert("5", "x")));
        Assert.False(bridge.PassesFilter(subscription, Insert("1", "[")), "and keeps passing nothing once the outcome is cached");
    }
}
