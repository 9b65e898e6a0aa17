namespace AgentHub.Cdc;

/// <summary>Settings of the <see cref="ChangeAuthorizer"/>.</summary>
public sealed class ChangeAuthorizerOptions
{
    /// <summary>
    /// The longest one identity's row-level-security check may run (a local <c>statement_timeout</c>);
    /// a slow policy then hides the change from that identity instead of stalling the stream.
    /// </summary>
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
