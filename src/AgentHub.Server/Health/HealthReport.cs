namespace AgentHub.Server.Health;

/// <summary>The body of <c>GET /health</c>.</summary>
public sealed record HealthReport(
    string Status,
    string Version,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    DatabaseHealth Database,
    MigrationHealth? Migrations,
    IReadOnlyDictionary<string, TableAccess>? Tables,
    RealtimeHealth? Realtime = null,
    ReplicationHealth? Replication = null);

/// <summary>Live realtime connections and what the server had to do about slow ones.</summary>
public sealed record RealtimeHealth(long Connections, long Channels, long PostgresChangesSubscriptions, long SlowConsumerDisconnects, long MalformedFrames);

/// <summary>The change-capture stream: state, whether this node consumes it, and how far behind it is.</summary>
public sealed record ReplicationHealth(string State, bool IsLeader, long? LagBytes, DateTimeOffset? LastCommitTimestamp, string? LastError);

/// <summary>Database reachability and timing.</summary>
public sealed record DatabaseHealth(bool Reachable, string Mode, double? ResponseTimeMs, string? ServerVersion, string? Error);

/// <summary>Applied and pending migrations, both tracks together and per track.</summary>
public sealed record MigrationHealth(int Applied, int Pending, int Modified, IReadOnlyDictionary<string, int> PendingByTrack);

/// <summary>Whether each API role may read a table, and whether row-level security filters it.</summary>
public sealed record TableAccess(bool RowLevelSecurity, bool Anon, bool Authenticated, bool ServiceRole, bool Realtime);
