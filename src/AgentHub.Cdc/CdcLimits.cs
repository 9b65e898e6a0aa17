namespace AgentHub.Cdc;

/// <summary>Named limits of change capture (docs/realtime-protocol.md §6.4, §6.7, §9); the <c>in</c> list limit is the grammar's, <see cref="AgentHub.Core.PostgresChanges.PostgresChangesFilter.MaxInValues"/>.</summary>
public static class CdcLimits
{
    /// <summary>
    /// A row whose values (new and old, as PostgreSQL text) exceed 1 MiB is delivered as
    /// <c>Error 413: Payload Too Large</c> with only its small values, as Supabase does, so one huge
    /// document cannot make every subscriber download megabytes.
    /// </summary>
    public const int MaxRecordBytes = 1024 * 1024;

    /// <summary>In an oversized record, values whose JSON is at most this many bytes are kept.</summary>
    public const int OversizedValueMaxBytes = 64;

    /// <summary>
    /// The longest filter string change capture accepts. The join's syntax check does not look at the
    /// length; a longer filter fails when change capture compiles it, before any other work.
    /// </summary>
    public const int MaxFilterLength = 4096;
}
