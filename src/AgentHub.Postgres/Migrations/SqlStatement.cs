namespace AgentHub.Postgres.Migrations;

/// <summary>One statement of a migration file and where it starts in the file.</summary>
/// <param name="Text">The statement without its trailing semicolon.</param>
/// <param name="Offset">Character offset of the statement's first character in the file.</param>
public readonly record struct SqlStatement(string Text, int Offset);
