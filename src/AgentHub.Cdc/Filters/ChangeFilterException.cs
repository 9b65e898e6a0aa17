namespace AgentHub.Cdc;

/// <summary>
/// A postgres_changes filter that cannot be used: bad syntax (<c>Error parsing `filter` params: …</c>),
/// an unknown column (<c>invalid column for filter x</c>) or a value the column type cannot hold
/// (PostgreSQL's own cast message). The message is meant for the <c>system</c> error the client sees.
/// </summary>
public sealed class ChangeFilterException : FormatException
{
    /// <summary>Creates the exception with the client-facing message.</summary>
    public ChangeFilterException(string message) : base(message)
    {
    }

    internal static ChangeFilterException Syntax(string detail) => new($"Error parsing `filter` params: {detail}");
}
