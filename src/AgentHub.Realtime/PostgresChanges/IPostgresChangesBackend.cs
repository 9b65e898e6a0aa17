namespace AgentHub.Realtime.PostgresChanges;

/// <summary>
/// The change-capture side of <c>postgres_changes</c> (the CDC library implements it). The realtime
/// engine calls it as channels subscribe and leave; the backend delivers change frames through
/// <see cref="PostgresChangesChannel.TryEnqueue"/>, never through sockets.
/// </summary>
/// <remarks>
/// Calls come from connection threads, possibly concurrently for different channels, and must not
/// block: record the change and do database work elsewhere. A backend usually keeps its own index,
/// rebuilt when <see cref="IPostgresChangesRegistry.Version"/> changes, or reads
/// <see cref="IPostgresChangesRegistry.GetSubscriptions"/> per change.
/// </remarks>
/// <example>
/// <code>
/// sealed class CdcBackend : IPostgresChangesBackend
/// {
///     public void Subscribe(PostgresChangesChannel channel) => _pending.Writer.TryWrite(channel); // validate columns later, then
///                                                                                               // channel.ReportSubscribed()
///     public void Unsubscribe(PostgresChangesChannel channel) { }
/// }
/// services.GetRequiredService&lt;IPostgresChangesRegistry&gt;().AttachBackend(new CdcBackend());
/// </code>
/// </example>
public interface IPostgresChangesBackend
{
    /// <summary>
    /// A channel joined with subscriptions (already in the registry). The backend checks them
    /// against the database (publication, columns, filter values), then calls
    /// <see cref="PostgresChangesChannel.ReportSubscribed"/> or
    /// <see cref="PostgresChangesChannel.ReportSubscriptionError"/>.
    /// </summary>
    void Subscribe(PostgresChangesChannel channel);

    /// <summary>The channel left or its connection closed; it is already out of the registry.</summary>
    void Unsubscribe(PostgresChangesChannel channel);

    /// <summary>The channel's token changed (refresh); <see cref="PostgresChangesChannel.Token"/> already returns the new one.</summary>
    void TokenChanged(PostgresChangesChannel channel)
    {
    }
}
