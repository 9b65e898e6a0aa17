namespace AgentHub.Rest.Execution;

/// <summary>Who a request runs as: the database role it switches to and the claims it exposes to SQL.</summary>
/// <param name="Role">The role claim (or the anon role).</param>
/// <param name="ClaimsJson">The JWT claims object, set as <c>request.jwt.claims</c>.</param>
/// <param name="IsAnonymous">Whether <see cref="Role"/> is the anon role (42501 is then 401, not 403).</param>
internal sealed record RequestIdentity(string Role, string ClaimsJson, bool IsAnonymous);
