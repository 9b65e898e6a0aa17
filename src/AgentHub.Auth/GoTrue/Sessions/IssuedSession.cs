using AgentHub.Auth.GoTrue.Users;

namespace AgentHub.Auth.GoTrue.Sessions;

/// <summary>A session and the refresh token to hand out for it, with the user as now stored.</summary>
internal sealed record IssuedSession(Guid SessionId, string RefreshToken, IReadOnlyList<AmrEntry> Amr, UserRecord User);
