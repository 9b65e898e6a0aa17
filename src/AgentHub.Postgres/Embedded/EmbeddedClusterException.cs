namespace AgentHub.Postgres.Embedded;

/// <summary>
/// A problem with the embedded cluster that the user can fix. The message is one line that says
/// what is wrong and what to do; the CLI prints it as it is and exits non-zero.
/// </summary>
public sealed class EmbeddedClusterException(string message, Exception? inner = null) : Exception(message, inner);
