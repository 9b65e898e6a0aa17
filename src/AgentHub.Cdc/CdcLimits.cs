namespace AgentHub.Cdc;

/// <summary>Named limits of change capture (docs/realtime-protocol.md §6.4, §6.7, §9).</summary>
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

    /// <summary>The most values an <c>in.(…)</c> filter may list.</summary>
    public const int MaxInFilterValues = 100;

    /// <summary>The longest filter string accepted; longer ones are refused before parsing.</summary>
    public const int MaxFilterLength = 4096;
}
