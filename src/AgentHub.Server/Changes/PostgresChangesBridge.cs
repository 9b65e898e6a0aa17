using System.Buffers;
using System.Collections.Concurrent;
using AgentHub.Auth.Tokens;
using AgentHub.Cdc;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.PostgresChanges;
using Microsoft.Extensions.Logging;

namespace AgentHub.Server.Changes;

/// <summary>
/// Connects change capture to realtime subscribers: the third hot path of architecture.md.
/// For each batch from the replication worker: match changes against the registry's snapshot of
/// subscriptions (schema/table, event, filter), authorize the matches in one query per distinct set
/// of claims (never per subscriber per row), write each change's <c>data</c> payload once per access
/// shape, serialize one frame per (payload, topic, subscription id, protocol version), and enqueue
/// the shared frames channel by channel (all of a batch's frames for one channel together) on the
/// channels' bounded queues. The worker confirms the LSN only
/// after this returns, so a restart loses nothing that was still to be sent.
/// </summary>
internal sealed partial class PostgresChangesBridge(
    IPostgresChangesRegistry registry, ChangeAuthorizer authorizer, RelationCatalog catalog, string publication, ILogger<PostgresChangesBridge> logger)
    : IPostgresChangesBackend, IChangeConsumer
{
    private static readonly byte[] IdsPrefix = """{"ids":["""u8.ToArray();
    private static readonly byte[] DataPrefix = """],"data":"""u8.ToArray();

    // Filters (parsed at join time) compiled and bound to their table once, at subscribe time (or on first use).
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
                    if (!FilterEvaluator.TryCreate(subscription.Filter, out var evaluator, out var error))
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
        // The worker calls this one batch at a time; the scratch lists are reused so that a large batch
        // (a thousand changes for a hundred subscribers) does not allocate large-object-heap arrays each time.
        var scratch = Interlocked.Exchange(ref _scratch, null) ?? new Scratch();
        try
        {
            await ConsumeAsync(batch, scratch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            scratch.Clear();
            _scratch = scratch;
        }
    }

    private sealed class Scratch
    {
        public readonly List<(int Change, PostgresChangesSubscription Subscription)> Matches = [];
        public readonly List<int> IdentityOf = [];
        public readonly List<int> ChangeIndex = [];
        public readonly ArrayBufferWriter<byte> Envelope = new(1024);
        public readonly List<(int Channel, PhoenixFrame Frame)> Outgoing = [];
        public readonly Dictionary<PostgresChangesChannel, int> ChannelIndex = new(ReferenceEqualityComparer.Instance);
        public readonly List<PostgresChangesChannel> Channels = [];
        public readonly List<int> PerChannel = [];
        public readonly List<int> Starts = [];
        public readonly List<PhoenixFrame> Ordered = [];

        public void Clear()
        {
            Matches.Clear();
            IdentityOf.Clear();
            ChangeIndex.Clear();
            Outgoing.Clear();
            ChannelIndex.Clear();
            Channels.Clear();
            PerChannel.Clear();
            Starts.Clear();
            Ordered.Clear();
        }
    }

    private Scratch? _scratch;

    private async ValueTask ConsumeAsync(IReadOnlyList<ChangeEvent> batch, Scratch scratch, CancellationToken cancellationToken)
    {
        var matches = scratch.Matches;
        Match(batch, matches);
        if (matches.Count == 0) return;

        // Distinct identities: subscribers with the same claims share one authorization check. Channels
        // hand out the same token object until it is refreshed, so most lookups are by reference.
        var byToken = new Dictionary<VerifiedToken, int>(ReferenceEqualityComparer.Instance);
        var byClaims = new Dictionary<(string Role, string Claims), int>();
        var identities = new List<VerifiedToken>();
        var identityOf = scratch.IdentityOf;
        var changeIndex = scratch.ChangeIndex;
        for (var i = 0; i < batch.Count; i++) changeIndex.Add(-1);
        var changes = new List<ChangeEvent>();
        for (var m = 0; m < matches.Count; m++)
        {
            var (change, subscription) = matches[m];
            var token = subscription.Token;
            if (!byToken.TryGetValue(token, out var identity))
            {
                if (!byClaims.TryGetValue((token.Role, token.ClaimsJson), out identity))
                {
                    identity = identities.Count;
                    identities.Add(token);
                    byClaims[(token.Role, token.ClaimsJson)] = identity;
                }
                byToken[token] = identity;
            }
            identityOf.Add(identity);
            if (changeIndex[change] < 0)
            {
                changeIndex[change] = changes.Count;
                changes.Add(batch[change]);
            }
        }
        var authorization = await authorizer.AuthorizeAsync(changes, identities, cancellationToken).ConfigureAwait(false);

        // One payload per (change, access shape) and one frame per (payload, topic, id, vsn): subscribers
        // on the same topic with the same subscription share one frame's bytes instead of a copy each.
        var payloads = new Dictionary<(int Change, ChangeAccess Access), byte[]>();
        var frames = new Dictionary<(byte[] Data, string Topic, int Id, PhoenixSerializer Serializer), PhoenixFrame>();
        var envelope = scratch.Envelope;
        var ids = new List<int>(2);
        var outgoing = scratch.Outgoing;
        var channelIndex = scratch.ChannelIndex;
        var channels = scratch.Channels;
        var perChannel = scratch.PerChannel;
        // Matches come change by change, and a channel's subscriptions are adjacent in the registry:
        // each run of equal (change, channel) is one group, one frame listing the run's ids.
        for (var m = 0; m < matches.Count;)
        {
            var (change, subscription) = matches[m];
            var channel = subscription.Channel;
            var identity = identityOf[m];
            ids.Clear();
            for (; m < matches.Count && matches[m].Change == change && ReferenceEquals(matches[m].Subscription.Channel, channel); m++)
            {
                if (!ids.Contains(matches[m].Subscription.Id)) ids.Add(matches[m].Subscription.Id);
            }

            var access = authorization[changeIndex[change], identity];
            if (access.Visibility == ChangeVisibility.Hidden) continue;
            if (!payloads.TryGetValue((change, access), out var data))
            {
                payloads[(change, access)] = data = ChangePayloadWriter.ToArray(batch[change], access);
            }

            PhoenixFrame frame;
            var serializer = channel.Serializer;
            if (ids.Count == 1)
            {
                var key = (data, channel.Topic, ids[0], serializer);
                if (!frames.TryGetValue(key, out frame))
                {
                    frames[key] = frame = serializer.SerializePush(null, null, channel.Topic, "postgres_changes", Envelope(envelope, ids, data));
                }
            }
            else
            {
                frame = serializer.SerializePush(null, null, channel.Topic, "postgres_changes", Envelope(envelope, ids, data));
            }
            if (!channelIndex.TryGetValue(channel, out var index))
            {
                channelIndex[channel] = index = channels.Count;
                channels.Add(channel);
                perChannel.Add(0);
            }
            outgoing.Add((index, frame));
            perChannel[index]++;
        }

        // Channel by channel, each channel's frames in change order: a connection's writer then wakes
        // once and finds the whole batch's frames queued, and sends them in one write, instead of
        // waking for every change.
        var starts = scratch.Starts;
        for (int c = 0, at = 0; c < channels.Count; c++)
        {
            starts.Add(at);
            at += perChannel[c];
        }
        var ordered = scratch.Ordered;
        for (var i = 0; i < outgoing.Count; i++) ordered.Add(default);
        foreach (var (index, frame) in outgoing) ordered[starts[index]++] = frame;
        for (int c = 0, at = 0; c < channels.Count; c++)
        {
            var channel = channels[c];
            for (var end = at + perChannel[c]; at < end; at++)
            {
                if (!channel.TryEnqueue(ordered[at]))
                {
                    LogDropped(channel.Topic);
                    at = end;
                    break;
                }
            }
        }
    }

    private void Match(IReadOnlyList<ChangeEvent> batch, List<(int Change, PostgresChangesSubscription Subscription)> matches)
    {
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
            if (!FilterEvaluator.TryCreate(s.Filter!, out var evaluator, out _)) return null;
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

    /// <summary>{"ids":[…],"data":…}, written into <paramref name="buffer"/> (reused; valid until the next call).</summary>
    private static ReadOnlySpan<byte> Envelope(ArrayBufferWriter<byte> buffer, List<int> ids, byte[] data)
    {
        buffer.ResetWrittenCount();
        buffer.Write(IdsPrefix);
        for (var i = 0; i < ids.Count; i++)
        {
            if (i > 0) buffer.Write(","u8);
            var span = buffer.GetSpan(11);
            ids[i].TryFormat(span, out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            buffer.Advance(written);
        }
        buffer.Write(DataPrefix);
        buffer.Write(data);
        buffer.Write("}"u8);
        return buffer.WrittenSpan;
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "A postgres_changes frame for {Topic} was not queued (channel closed or slow consumer)")]
    private partial void LogDropped(string topic);
}
