namespace AgentHub.Auth.GoTrue.Users;

/// <summary>A row of <c>auth.identities</c>: how a user signs in (the email provider, for this API).</summary>
/// <param name="Id">The row id; GoTrue calls it <c>identity_id</c> in JSON.</param>
/// <param name="ProviderId">The provider's id for the user (the user id for email); <c>id</c> in JSON.</param>
internal sealed record IdentityRecord(
    Guid Id,
    string ProviderId,
    Guid UserId,
    string IdentityDataJson,
    string Provider,
    DateTime? LastSignInAt,
    DateTime? CreatedAt,
    DateTime? UpdatedAt,
    string? Email);
