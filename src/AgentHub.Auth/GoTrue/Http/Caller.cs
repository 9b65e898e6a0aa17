using AgentHub.Auth.GoTrue.Users;
using AgentHub.Auth.Tokens;

namespace AgentHub.Auth.GoTrue.Http;

/// <summary>A signed-in user making a request: the verified token, the user row, and the token's session.</summary>
internal sealed record Caller(VerifiedToken Token, UserRecord User, Guid? SessionId);
