using System.Buffers;
using System.Collections.Concurrent;
using AgentHub.Auth.Tokens;
using AgentHub.Cdc;
using AgentHub.Realtime.PostgresChanges;
using Microsoft.Extensions.Logging;

namespace AgentHub.Server.Changes;

/// <summary>
/// Connects change capture to realtime subscribers: the third hot path of architecture.md.
/// For each batch from the replication worker: match changes against the registry's snapshot of
/// subscriptions (schema/table, event, filter), authorize the matches in one query per distinct set
/// of claims (never per subscriber per row), write each change's <c>data</c> payload once per access
/// shape, and enqueue one frame per channel on its bounded queue. The worker confirms the LSN only
/// after this returns, so a restart loses nothing that was still to be sent.
/// </summary>
internal sealed partial class PostgresChangesBridge(
    IPostgresChangesRegistry registry, ChangeAuthorizer authorizer, RelationCatalog catalog, string publication, ILogger<PostgresChangesBridge> logger)
    : IPostgresChangesBackend, IChangeConsumer
{
    private static readonly byte[] IdsPrefix = """{"ids":["""u8.ToArray();
    private static readonly byte[] DataPrefix = """],"data":"""u8.ToArray();

    // Filters parsed and bound to their table once, at subscribe time (or on first use).
    private readonly ConcurrentDictionary<PostgresChangesSubscription, FilterEvaluator?> _filters = new(ReferenceEqualityComparer.Instance);

    public void Subscribe(PostgresChangesChannel channel) => _ = ValidateAsync(channel);

    public void Unsubscribe(PostgresChangesChannel channel)
    {
        foreach (var subscription in channel.Subscriptions) _filters.TryRemove(subscription, out _);
    }

    /// <summary>Checks each subscription against the catalog and reports the outcome as Supabase does (a system message).</summary>
    private async Task ValidateAsync(PostgresChangesChannel channel)
    {
        try
        {
            foreach (var subscription in channel.Subscriptions)
            {
                if (subscription.Table is null or "*" || subscription.Schema == "*") continue;
                var relation = await catalog.FindAsync(subscription.Schema, subscription.Table).ConfigureAwait(false);
                if (relation is null || !await catalog.IsPublishedAsync(publication, subscription.Schema, subscription.Table).ConfigureAwait(false))
                {
                    channel.ReportSubscriptionError(
                        $"Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [event: {subscription.EventText}, schema: {subscription.Schema}, table: {subscription.Table}, filters: [{subscription.Filter?.Text}]]");
                    return;
                }
                if (subscription.Filter is not null)
                {
                    if (!FilterEvaluator.TryParse(subscription.Filter.Text, out var evaluator, out var error))
                    {
                        channel.ReportSubscriptionError(error!);
                        return;
                    }
                    try
                    {
                        evaluator!.Validate(relation);
                    }
                    catch (ChangeFilterException e)
                    {
                        channel.ReportSubscriptionError(e.Message);
                        return;
                    }
                    _filters[subscription] = evaluator;
                }
            }
            channel.ReportSubscribed();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            channel.ReportSubscriptionError("Unable to check the subscription against the database: " + e.Message);
        }
    }

    public async ValueTask ConsumeAsync(IReadOnlyList<ChangeEvent> batch, CancellationToken cancellationToken)
    {
        var matches = Match(batch);
        if (matches.Count == 0) return;

        // Distinct identities: subscribers with the same claims share one authorization check.
        var identityIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var identities = new List<VerifiedToken>();
        var changeIndex = new Dictionary<int, int>();
        var changes = new List<ChangeEvent>();
        foreach (var (change, subscription) in matches)
        {
            var key = subscription.Token.Role + "\n" + subscription.Token.ClaimsJson;
            if (!identityIndex.ContainsKey(key))
            {
                identityIndex[key] = identities.Count;
                identities.Add(subscription.Token);
            }
            if (!changeIndex.ContainsKey(change))
            {
                changeIndex[change] = changes.Count;
                changes.Add(batch[change]);
            }
        }
        var authorization = await authorizer.AuthorizeAsync(changes, identities, cancellationToken).ConfigureAwait(false);

        var payloads = new Dictionary<(int Change, ChangeAccess Access), byte[]>();
        foreach (var group in matches.GroupBy(m => (m.Change, m.Subscription.Channel)))
        {
            var (change, channel) = group.Key;
            var first = group.First().Subscription;
            var access = authorization[changeIndex[change], identityIndex[first.Token.Role + "\n" + first.Token.ClaimsJson]];
            if (access.Visibility == ChangeVisibility.Hidden) continue;
            if (!payloads.TryGetValue((change, access), out var data))
            {
                payloads[(change, access)] = data = ChangePayloadWriter.ToArray(batch[change], access);
            }
            var frame = channel.Serializer.SerializePush(null, null, channel.Topic, "postgres_changes", Envelope(group.Select(m => m.Subscription.Id), data));
            if (!channel.TryEnqueue(frame)) LogDropped(channel.Topic);
        }
    }

    private List<(int Change, PostgresChangesSubscription Subscription)> Match(IReadOnlyList<ChangeEvent> batch)
    {
        var matches = new List<(int, PostgresChangesSubscription)>();
        for (var i = 0; i < batch.Count; i++)
        {
            var change = batch[i];
            var kind = change.Kind switch
            {
                ChangeKind.Insert => PostgresChangesEvent.Insert,
                ChangeKind.Update => PostgresChangesEvent.Update,
                _ => PostgresChangesEvent.Delete,
            };
            foreach (var subscription in registry.GetSubscriptions(change.Schema, change.Table))
            {
                if (!subscription.Wants(kind) || !subscription.Channel.IsOpen) continue;
                if (!PassesFilter(subscription, change)) continue;
                matches.Add((i, subscription));
            }
        }
        return matches;
    }

    /// <summary>
    /// True when the subscription has no filter or its filter holds for the change. A filter that cannot
    /// be used on the table (an unknown column, a value the column type cannot hold, a bad regular
    /// expression: reported to the client as a subscription error) passes nothing. On Supabase such a
    /// subscription does not exist; it must never fall back to receiving the table unfiltered.
    /// </summary>
    internal bool PassesFilter(PostgresChangesSubscription subscription, ChangeEvent change) =>
        subscription.Filter is null || FilterFor(subscription, change)?.Matches(change) == true;

    private FilterEvaluator? FilterFor(PostgresChangesSubscription subscription, ChangeEvent change) =>
        _filters.GetOrAdd(subscription, s =>
        {
            // Not validated yet (the change raced the subscription check): bind it to this relation now.
            if (!FilterEvaluator.TryParse(s.Filter!.Text, out var evaluator, out _)) return null;
            try
            {
                evaluator!.Validate(change.Relation);
                return evaluator;
            }
            catch (ChangeFilterException)
            {
                return null;
            }
        });

    /// <summary>{"ids":[…],"data":…} with the shared data bytes copied in once per channel.</summary>
    private static byte[] Envelope(IEnumerable<int> ids, byte[] data)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length + 64);
        buffer.Write(IdsPrefix);
        var first = true;
        foreach (var id in ids.Distinct())
        {
            if (!first) buffer.Write(","u8);
            first = false;
            var span = buffer.GetSpan(11);
            id.TryFormat(span, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            buffer.Advance(written);
        }
        buffer.Write(DataPrefix);
        buffer.Write(data);
        buffer.Write("}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "A postgres_changes frame for {Topic} was not queued (channel closed or slow consumer)")]
    private partial void LogDropped(string topic);
}
