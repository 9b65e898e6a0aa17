namespace AgentHub.Realtime.PostgresChanges;

/// <summary>
/// Every live <c>postgres_changes</c> subscription of this hub, for the change-capture side. One
/// instance per hub, registered as a singleton in the service provider.
/// </summary>
/// <example>
/// <code>
/// var registry = services.GetRequiredService&lt;IPostgresChangesRegistry&gt;();
/// registry.AttachBackend(myCdcBackend);
/// foreach (var group in registry.GetSubscriptions("public", "todos").GroupBy(s =&gt; s.Channel))
/// {
///     var ids = group.Where(s =&gt; s.Wants(PostgresChangesEvent.Insert)).Select(s =&gt; s.Id).ToArray();
///     // build {"ids":[...],"data":{...}} once per serializer, then group.Key.TryEnqueue(frame)
/// }
/// </code>
/// </example>
public interface IPostgresChangesRegistry
{
    /// <summary>Incremented on every subscribe and unsubscribe, so a backend can cache its index.</summary>
    long Version { get; }

    /// <summary>Live subscriptions.</summary>
    int Count { get; }

    /// <summary>The attached backend, or null when change capture is not running.</summary>
    IPostgresChangesBackend? Backend { get; }

    /// <summary>
    /// Attaches the change-capture backend. Channels already subscribed are handed to it at once,
    /// so attaching after clients joined loses nothing. Only one backend may be attached.
    /// </summary>
    void AttachBackend(IPostgresChangesBackend backend);

    /// <summary>A snapshot of the subscriptions concerning <paramref name="schema"/>.<paramref name="table"/> (wildcards included).</summary>
    IReadOnlyList<PostgresChangesSubscription> GetSubscriptions(string schema, string table);

    /// <summary>A snapshot of every subscription.</summary>
    IReadOnlyList<PostgresChangesSubscription> GetAllSubscriptions();

    /// <summary>A snapshot of every subscribed channel.</summary>
    IReadOnlyList<PostgresChangesChannel> GetChannels();
}
