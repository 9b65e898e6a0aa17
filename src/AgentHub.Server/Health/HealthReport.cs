namespace AgentHub.Server.Health;

/// <summary>The body of <c>GET /health</c>.</summary>
public sealed record HealthReport(
    string Status,
    string Version,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    DatabaseHealth Database,
    MigrationHealth? Migrations,
    IReadOnlyDictionary<string, TableAccess>? Tables);

/// <summary>Database reachability and timing.</summary>
public sealed record DatabaseHealth(bool Reachable, string Mode, double? ResponseTimeMs, string? ServerVersion, string? Error);

/// <summary>Applied and pending migrations, both tracks together and per track.</summary>
public sealed record MigrationHealth(int Applied, int Pending, int Modified, IReadOnlyDictionary<string, int> PendingByTrack);

/// <summary>Whether each API role may read a table, and whether row-level security filters it.</summary>
public sealed record TableAccess(bool RowLevelSecurity, bool Anon, bool Authenticated, bool ServiceRole, bool Realtime);
