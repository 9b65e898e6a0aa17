namespace AgentHub.Cdc;

/// <summary>
/// Receives committed changes from the <see cref="ReplicationWorker"/>: the bridge to realtime
/// subscriptions, and any other in-process feed (workflows, presence mirroring).
/// </summary>
/// <remarks>
/// <para>Delivery is at least once, in commit order, one call at a time. A batch holds one or more
/// whole transactions, or a slice of a transaction larger than
/// <see cref="ReplicationOptions.MaxBatchSize"/>. The worker confirms a transaction's LSN to
/// PostgreSQL only after the call that completed it has returned, so a crash or restart redelivers
/// every transaction whose consumption had not finished (a consumer may therefore see a transaction,
/// or the first slices of a large one, twice; never one it already finished).</para>
/// <para>Throwing makes the worker reconnect after a backoff and redeliver from the last confirmed
/// transaction: use it for "cannot deliver now", not for a bad event (log and skip those). Honour
/// <c>cancellationToken</c>: the host is stopping, and whatever was not finished is redelivered.</para>
/// <example>
/// <code>
/// sealed class RealtimeBridge(ChangeAuthorizer authorizer) : IChangeConsumer
/// {
///     public async ValueTask ConsumeAsync(IReadOnlyList&lt;ChangeEvent&gt; batch, CancellationToken ct)
///     {
///         // match subscriptions + FilterEvaluator, then one AuthorizeAsync per batch,
///         // then ChangePayloadWriter once per (event, ChangeAccess), then fan-out.
///     }
/// }
/// </code>
/// </example>
/// </remarks>
public interface IChangeConsumer
{
    /// <summary>Handles <paramref name="batch"/>; return only when it is safe to never see it again.</summary>
    ValueTask ConsumeAsync(IReadOnlyList<ChangeEvent> batch, CancellationToken cancellationToken);
}
