using System.Text.Json;

namespace AgentHub.Client.Agents;

/// <summary>A message of the agent kit: direct, team-wide, or in a conversation.</summary>
public sealed record AgentMessage
{
    /// <summary>Message id.</summary>
    public Guid Id { get; init; }
    /// <summary>Order within the tenant; catch up with "since this".</summary>
    public long Seq { get; init; }
    /// <summary>Sending agent, if an agent sent it.</summary>
    public Guid? SenderAgentId { get; init; }
    /// <summary>Addressee of a direct message.</summary>
    public Guid? RecipientAgentId { get; init; }
    /// <summary>Conversation, if any.</summary>
    public Guid? ConversationId { get; init; }
    /// <summary>Free-form kind ("text" by default).</summary>
    public string Kind { get; init; } = "text";
    /// <summary>The message body.</summary>
    public JsonElement Body { get; init; }
    /// <summary>When it was sent.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
