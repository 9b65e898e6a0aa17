using AgentHub.Auth.Tokens;

namespace AgentHub.Realtime.Authorization;

/// <summary>Who asks for which private channel.</summary>
/// <param name="SubTopic">The channel name without <c>realtime:</c>, what <c>realtime.topic()</c> returns.</param>
/// <param name="Token">The channel's identity: its role and claims run the policies.</param>
/// <param name="HeadersJson">The connection's <c>x-*</c> headers as a JSON object, for <c>request.headers</c>.</param>
internal sealed record ChannelAuthorizationRequest(string SubTopic, VerifiedToken Token, string HeadersJson);
