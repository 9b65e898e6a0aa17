namespace AgentHub.Auth.GoTrue.Users;

/// <summary>Everything a new <c>auth.users</c> row starts with, and the identities created with it.</summary>
internal sealed record NewUser
{
    public required Guid Id { get; init; }
    public string Aud { get; init; } = "authenticated";
    public string Role { get; init; } = "authenticated";
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? EncryptedPassword { get; init; }
    public bool EmailConfirmed { get; init; }
    public bool PhoneConfirmed { get; init; }

    /// <summary>Sets <c>confirmation_sent_at</c>: the user must confirm before signing in.</summary>
    public bool ConfirmationSent { get; init; }

    public required string AppMetadataJson { get; init; }
    public required string UserMetadataJson { get; init; }

    /// <summary>Banned for this many seconds from now, if set.</summary>
    public double? BannedForSeconds { get; init; }

    public bool IsAnonymous { get; init; }
    public IReadOnlyList<NewIdentity> Identities { get; init; } = [];
}
