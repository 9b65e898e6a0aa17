namespace AgentHub.Auth.GoTrue.Sessions;

/// <summary>One authentication method of a session (the <c>amr</c> claim): how and when the user proved who they are.</summary>
internal readonly record struct AmrEntry(string Method, long Timestamp);
