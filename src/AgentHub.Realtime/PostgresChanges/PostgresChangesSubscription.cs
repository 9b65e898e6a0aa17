using AgentHub.Auth.Tokens;
using AgentHub.Core.PostgresChanges;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.PostgresChanges;

/// <summary>
/// One entry of a join's <c>config.postgres_changes</c>, validated for syntax and registered under
/// the id the join reply returned (docs/realtime-protocol.md 3.3 and 6.1). Immutable except for the
/// subscriber's identity, which follows the channel's token as the client refreshes it.
/// </summary>
public sealed class PostgresChangesSubscription
{
    internal PostgresChangesSubscription(int id, PostgresChangesEvent @event, string eventText, string schema, string? table, PostgresChangesFilter? filter, IReadOnlyList<string>? select)
    {
        Id = id;
        Event = @event;
        EventText = eventText;
        Schema = schema;
        Table = table;
        Filter = filter;
        Select = select;
    }

    /// <summary>
    /// The id the join reply returned for this entry; a change frame lists it in <c>ids</c>. Identical
    /// entries get identical ids (Supabase hashes the entry), always non-zero.
    /// </summary>
    public int Id { get; }

    /// <summary>Which changes are wanted.</summary>
    public PostgresChangesEvent Event { get; }

    /// <summary>The <c>event</c> text as the client wrote it (<c>*</c>, <c>INSERT</c>, …).</summary>
    public string EventText { get; }

    /// <summary>The schema, or <c>*</c> for every schema (<c>public</c> when the client gave only a table).</summary>
    public string Schema { get; }

    /// <summary>The table; null or <c>*</c> for every table of <see cref="Schema"/>.</summary>
    public string? Table { get; }

    /// <summary>The parsed filter, or null when the entry has none.</summary>
    public PostgresChangesFilter? Filter { get; }

    /// <summary>The <c>select</c> column list, or null for all columns.</summary>
    public IReadOnlyList<string>? Select { get; }

    /// <summary>The joined channel this subscription belongs to: group by it to build one frame per channel with every matching id.</summary>
    public PostgresChangesChannel Channel { get; internal set; } = null!;

    /// <summary>The channel topic, for example <c>realtime:room:42</c>.</summary>
    public string Topic => Channel.Topic;

    /// <summary>The channel's current join ref (server pushes carry <c>null</c> join refs for change frames, so this is for logs and correlation).</summary>
    public string JoinRef => Channel.JoinRef;

    /// <summary>The subscriber's serializer: frames for this subscriber must be written with it.</summary>
    public PhoenixSerializer Serializer => Channel.Serializer;

    /// <summary>The subscriber's identity right now (role and claims for row-level security), updated on every token refresh.</summary>
    public VerifiedToken Token => Channel.Token;

    /// <summary>True when a change in <paramref name="schema"/>.<paramref name="table"/> concerns this subscription (before filters).</summary>
    public bool AppliesTo(string schema, string table) =>
        (Schema == "*" || string.Equals(Schema, schema, StringComparison.Ordinal))
        && (Table is null || Table == "*" || string.Equals(Table, table, StringComparison.Ordinal));

    /// <summary>True when this subscription wants changes of kind <paramref name="change"/>.</summary>
    public bool Wants(PostgresChangesEvent change) => (Event & change) != 0;

    /// <summary>Queues a pre-serialized frame for the subscriber (see <see cref="PostgresChangesChannel.TryEnqueue"/>).</summary>
    public bool TryEnqueue(PhoenixFrame frame) => Channel.TryEnqueue(frame);

    /// <inheritdoc/>
    public override string ToString() => $"#{Id} {EventText} {Schema}.{Table ?? "*"}{(Filter is null ? "" : " filter " + Filter.Text)} on {Channel?.Topic}";
}
