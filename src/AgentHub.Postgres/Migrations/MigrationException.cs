namespace AgentHub.Postgres.Migrations;

/// <summary>
/// A migration could not be applied or the history disagrees with the files. The message names
/// the file and, for SQL errors, the line and column and PostgreSQL's own message.
/// </summary>
public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
