namespace AgentHub.Cdc;

/// <summary>Settings of the <see cref="ReplicationWorker"/>.</summary>
public sealed class ReplicationOptions
{
    /// <summary>
    /// How to reach the database: a user with the REPLICATION attribute (or superuser) and a direct
    /// connection (not a transaction pooler).
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>The publication to stream; Supabase's is <c>supabase_realtime</c>.</summary>
    public string PublicationName { get; init; } = "supabase_realtime";

    /// <summary>
    /// Further publications streamed on the same slot, in the same commit order (the hub's
    /// <c>agenthub_broadcast</c>, which carries broadcasts sent from the database). Each must exist.
    /// </summary>
    public IReadOnlyList<string> ExtraPublicationNames { get; init; } = [];

    /// <summary>Every publication streamed: <see cref="PublicationName"/> first.</summary>
    internal IEnumerable<string> AllPublicationNames => [PublicationName, .. ExtraPublicationNames];

    /// <summary>
    /// The logical replication slot the worker creates if missing and keeps: a permanent slot, so
    /// the server holds every change the hub has not confirmed across hub restarts.
    /// </summary>
    public string SlotName { get; init; } = "agenthub_realtime";

    /// <summary>The most events per consumer call: small transactions that queued up are merged up to it, large ones are sliced.</summary>
    public int MaxBatchSize { get; init; } = 1000;

    /// <summary>How many decoded batches may wait for the consumer before reading from PostgreSQL pauses.</summary>
    public int MaxPendingBatches { get; init; } = 8;

    /// <summary>How often slot lag is measured, the leadership connection checked, and an idle slot advanced.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a node that is not the leader tries to become it.</summary>
    public TimeSpan StandbyPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first retry delay after a failure; it doubles per consecutive failure.</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString)) throw new ArgumentException("ReplicationOptions.ConnectionString is required.");
        if (string.IsNullOrWhiteSpace(PublicationName)) throw new ArgumentException("ReplicationOptions.PublicationName is required.");
        if (ExtraPublicationNames.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("ReplicationOptions.ExtraPublicationNames must not contain empty names.");
        if (string.IsNullOrWhiteSpace(SlotName) || SlotName.Length > 63 || !SlotName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            throw new ArgumentException("ReplicationOptions.SlotName must be 1-63 characters of lower-case letters, digits and underscores (PostgreSQL's rule for slot names).");
        }
        if (MaxBatchSize < 1) throw new ArgumentException("ReplicationOptions.MaxBatchSize must be at least 1.");
        if (MaxPendingBatches < 1) throw new ArgumentException("ReplicationOptions.MaxPendingBatches must be at least 1.");
        if (StatusInterval <= TimeSpan.Zero || StandbyPollInterval <= TimeSpan.Zero || MinRetryDelay <= TimeSpan.Zero || MaxRetryDelay < MinRetryDelay)
        {
            throw new ArgumentException("ReplicationOptions intervals must be positive, and MaxRetryDelay at least MinRetryDelay.");
        }
    }
}
