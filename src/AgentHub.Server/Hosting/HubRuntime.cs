namespace AgentHub.Server.Hosting;

/// <summary>Facts about this running hub that request handlers need.</summary>
internal sealed record HubRuntime(DateTimeOffset StartedAt, bool EmbeddedDatabase, string UserMigrationsDirectory);
