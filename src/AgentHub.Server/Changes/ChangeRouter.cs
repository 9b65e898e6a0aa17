using AgentHub.Cdc;

namespace AgentHub.Server.Changes;

/// <summary>
/// The replication worker's one consumer: rows of <c>realtime.messages</c> are broadcasts sent from
/// the database and go to the <see cref="DatabaseBroadcastRelay"/>; everything else is a table change
/// for postgres_changes subscribers. Both kinds keep the stream's commit order within their kind.
/// </summary>
internal sealed class ChangeRouter(PostgresChangesBridge changes, DatabaseBroadcastRelay broadcasts) : IChangeConsumer
{
    public ValueTask ConsumeAsync(IReadOnlyList<ChangeEvent> batch, CancellationToken cancellationToken)
    {
        var first = FirstBroadcast(batch);
        if (first < 0) return changes.ConsumeAsync(batch, cancellationToken);

        // Rare path (a batch with database broadcasts): split it. Table changes first, so that a client
        // woken by a broadcast finds the rows of the same transaction already delivered.
        var tableChanges = new List<ChangeEvent>(batch.Count);
        for (var i = 0; i < first; i++) tableChanges.Add(batch[i]);
        var messages = new List<ChangeEvent>();
        for (var i = first; i < batch.Count; i++)
        {
            if (DatabaseBroadcastRelay.Owns(batch[i])) messages.Add(batch[i]);
            else tableChanges.Add(batch[i]);
        }
        return ConsumeSplitAsync(tableChanges, messages, cancellationToken);
    }

    private async ValueTask ConsumeSplitAsync(List<ChangeEvent> tableChanges, List<ChangeEvent> messages, CancellationToken cancellationToken)
    {
        if (tableChanges.Count > 0) await changes.ConsumeAsync(tableChanges, cancellationToken).ConfigureAwait(false);
        foreach (var message in messages) broadcasts.Deliver(message);
    }

    private static int FirstBroadcast(IReadOnlyList<ChangeEvent> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (DatabaseBroadcastRelay.Owns(batch[i])) return i;
        }
        return -1;
    }
}
