using System.Text.Json;

namespace AgentHub.Realtime.PostgresChanges;

/// <summary>One entry of a join's <c>config.postgres_changes</c>: echoed in the reply with its id, and either valid or rejected.</summary>
/// <param name="Raw">The entry object exactly as the client sent it (echoed verbatim).</param>
/// <param name="Id">The id added to the echo.</param>
/// <param name="Subscription">The validated subscription, or null when rejected.</param>
/// <param name="Error">Why it was rejected (the <c>system</c> message), or null.</param>
internal sealed record PostgresChangesEntry(JsonElement Raw, int Id, PostgresChangesSubscription? Subscription, string? Error);
