namespace AgentHub.Auth.GoTrue.Users;

/// <summary>A row of <c>auth.users</c> with the columns GoTrue serialises, and the user's identities.</summary>
internal sealed record UserRecord
{
    public required Guid Id { get; init; }
    public string Aud { get; init; } = "";
    public string Role { get; init; } = "";
    public string Email { get; init; } = "";
    public string? EncryptedPassword { get; init; }
    public DateTime? EmailConfirmedAt { get; init; }
    public DateTime? InvitedAt { get; init; }
    public string Phone { get; init; } = "";
    public DateTime? PhoneConfirmedAt { get; init; }
    public DateTime? ConfirmationSentAt { get; init; }
    public DateTime? ConfirmedAt { get; init; }
    public DateTime? RecoverySentAt { get; init; }
    public string NewEmail { get; init; } = "";
    public DateTime? EmailChangeSentAt { get; init; }
    public string NewPhone { get; init; } = "";
    public DateTime? PhoneChangeSentAt { get; init; }
    public DateTime? ReauthenticationSentAt { get; init; }
    public DateTime? LastSignInAt { get; init; }
    public string AppMetadataJson { get; init; } = "{}";
    public string UserMetadataJson { get; init; } = "{}";
    public DateTime? BannedUntil { get; init; }
    public DateTime? CreatedAt { get; init; }
    public DateTime? UpdatedAt { get; init; }
    public DateTime? DeletedAt { get; init; }
    public bool IsAnonymous { get; init; }

    /// <summary><c>banned_until</c> is in the future (judged by the database clock when read).</summary>
    public bool IsBanned { get; init; }

    public IReadOnlyList<IdentityRecord> Identities { get; init; } = [];

    public bool HasPassword => !string.IsNullOrEmpty(EncryptedPassword);

    public bool IsEmailConfirmed => EmailConfirmedAt is not null;
}
