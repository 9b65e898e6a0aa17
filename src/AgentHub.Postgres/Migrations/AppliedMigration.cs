namespace AgentHub.Postgres.Migrations;

/// <summary>A history row: a migration the database says it has applied.</summary>
/// <param name="Version">Timestamp version.</param>
/// <param name="Name">Name recorded with it, if any.</param>
/// <param name="Checksum">Checksum of the text that was applied; null when another tool (the Supabase CLI) applied it.</param>
public sealed record AppliedMigration(string Version, string? Name, string? Checksum);
