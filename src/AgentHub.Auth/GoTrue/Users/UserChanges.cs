using System.Text.Json.Nodes;

namespace AgentHub.Auth.GoTrue.Users;

/// <summary>
/// One update of a user, applied in a single transaction by <see cref="UserStore.ApplyAsync"/>.
/// Null members leave their column alone. Metadata patches merge key by key; a key set to
/// <c>null</c> is removed (GoTrue's rule for <c>data</c>, <c>user_metadata</c> and <c>app_metadata</c>).
/// </summary>
internal sealed record UserChanges
{
    public string? EncryptedPassword { get; init; }
    public JsonObject? UserMetadataPatch { get; init; }
    public JsonObject? AppMetadataPatch { get; init; }

    /// <summary>New address, in effect at once (admin, or users when sign-ups are auto-confirmed).</summary>
    public string? Email { get; init; }

    /// <summary>New address awaiting confirmation (<c>new_email</c>, <c>email_change_sent_at</c>).</summary>
    public string? PendingEmail { get; init; }

    public bool ConfirmEmail { get; init; }
    public string? Phone { get; init; }
    public bool ConfirmPhone { get; init; }
    public string? Role { get; init; }

    /// <summary>Lift a ban (<c>ban_duration: "none"</c>).</summary>
    public bool Unban { get; init; }

    /// <summary>Ban for this many seconds from now.</summary>
    public double? BanForSeconds { get; init; }

    /// <summary>Delete the user's sessions (with their refresh tokens): after a password change.</summary>
    public bool RevokeSessions { get; init; }

    /// <summary>With <see cref="RevokeSessions"/>: the session that made the change survives.</summary>
    public Guid? KeepSessionId { get; init; }
}
