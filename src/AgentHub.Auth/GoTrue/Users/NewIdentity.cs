namespace AgentHub.Auth.GoTrue.Users;

/// <summary>An identity row to create with a user: provider, the provider's id for the user, and <c>identity_data</c>.</summary>
internal sealed record NewIdentity(string Provider, string ProviderId, string IdentityDataJson);
