namespace AgentHub.Client.Realtime;

/// <summary>What a channel asks <c>postgres_changes</c> for, and who to call.</summary>
/// <param name="Event">*, INSERT, UPDATE or DELETE.</param>
/// <param name="Schema">Schema name.</param>
/// <param name="Table">Table name, or null for every table of the schema.</param>
/// <param name="Filter">A filter such as <c>tenant_id=eq.42</c>, or null.</param>
/// <param name="Handler">Called for each matching change, on the receive loop: keep it short.</param>
internal sealed record PostgresChangesBinding(string Event, string Schema, string? Table, string? Filter, Action<PostgresChange> Handler)
{
    /// <summary>The id the server gave this binding in the join reply.</summary>
    public long? ServerId { get; set; }
}
