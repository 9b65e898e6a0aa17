using System.Text.Json;

namespace AgentHub.Realtime;

/// <summary>
/// The parts of a <c>phx_join</c> payload the server uses (docs/realtime-protocol.md 3.2). Like
/// Supabase, an invalid field is reported and replaced by its default rather than refusing the join.
/// </summary>
internal sealed class JoinConfig
{
    private JoinConfig()
    {
    }

    public bool BroadcastSelf { get; private init; }

    public bool BroadcastAck { get; private init; }

    public bool HasReplay { get; private init; }

    /// <summary>Presence is on when <c>presence.enabled</c> is true, or when the client sent no presence settings at all (older clients).</summary>
    public bool PresenceEnabled { get; private init; } = true;

    /// <summary>The presence key; empty means "pick a random UUID".</summary>
    public string PresenceKey { get; private init; } = "";

    public bool IsPrivate { get; private init; }

    /// <summary><c>access_token</c>, else the legacy <c>user_token</c>; null when neither is a string.</summary>
    public string? AccessToken { get; private init; }

    /// <summary>The <c>postgres_changes</c> entries that are objects, in order (null entries are skipped, as Supabase does).</summary>
    public IReadOnlyList<JsonElement> PostgresChanges { get; private init; } = [];

    /// <summary>What was wrong with the payload, for the log; null when nothing was.</summary>
    public string? Problem { get; private init; }

    public static JoinConfig Parse(ReadOnlyMemory<byte> payload)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(payload.IsEmpty ? "{}"u8.ToArray() : payload);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return new JoinConfig { Problem = "payload is not JSON" };
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return new JoinConfig { Problem = "payload is not an object" };
        }

        var problems = new List<string>();
        var token = ReadToken(root, "access_token") ?? ReadToken(root, "user_token");
        if (!root.TryGetProperty("config", out var config) || config.ValueKind == JsonValueKind.Null)
        {
            return new JoinConfig { AccessToken = token };
        }

        if (config.ValueKind != JsonValueKind.Object)
        {
            return new JoinConfig { AccessToken = token, Problem = "config: unable to parse, expected a map" };
        }

        var broadcast = Section(config, "broadcast", problems);
        var presence = Section(config, "presence", problems);
        return new JoinConfig
        {
            AccessToken = token,
            BroadcastSelf = ReadBool(broadcast, "self", false, problems),
            BroadcastAck = ReadBool(broadcast, "ack", false, problems),
            HasReplay = broadcast is { } b && b.TryGetProperty("replay", out var replay) && replay.ValueKind != JsonValueKind.Null,
            PresenceEnabled = presence is null || ReadBool(presence, "enabled", true, problems),
            PresenceKey = ReadKey(presence, problems),
            IsPrivate = ReadBool(config, "private", false, problems),
            PostgresChanges = ReadPostgresChanges(config, problems),
            Problem = problems.Count == 0 ? null : string.Join("; ", problems),
        };
    }

    private static string? ReadToken(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement? Section(JsonElement config, string name, List<string> problems)
    {
        if (!config.TryGetProperty(name, out var section) || section.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (section.ValueKind == JsonValueKind.Object)
        {
            return section;
        }

        problems.Add($"config.{name}: expected a map");
        return null;
    }

    /// <summary>Booleans may also arrive as the strings "true"/"false" (Supabase's FlexibleBoolean).</summary>
    private static bool ReadBool(JsonElement? section, string name, bool fallback, List<string> problems)
    {
        if (section is not { } s || !s.TryGetProperty(name, out var value))
        {
            return fallback;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Null: return fallback;
            case JsonValueKind.String when string.Equals(value.GetString(), "true", StringComparison.OrdinalIgnoreCase): return true;
            case JsonValueKind.String when string.Equals(value.GetString(), "false", StringComparison.OrdinalIgnoreCase): return false;
            default:
                problems.Add($"{name}: unable to parse, expected boolean");
                return fallback;
        }
    }

    private static string ReadKey(JsonElement? presence, List<string> problems)
    {
        if (presence is not { } p || !p.TryGetProperty("key", out var key) || key.ValueKind == JsonValueKind.Null)
        {
            return "";
        }

        switch (key.ValueKind)
        {
            case JsonValueKind.String: return key.GetString()!;
            case JsonValueKind.Number: return key.GetRawText();
            default:
                problems.Add("presence.key: unable to parse, expected string");
                return "";
        }
    }

    private static List<JsonElement> ReadPostgresChanges(JsonElement config, List<string> problems)
    {
        if (!config.TryGetProperty("postgres_changes", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            problems.Add("postgres_changes: expected a list");
            return [];
        }

        var entries = new List<JsonElement>();
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object)
            {
                entries.Add(entry);
            }
            else if (entry.ValueKind != JsonValueKind.Null)
            {
                problems.Add("postgres_changes: every entry must be a map");
            }
        }

        return entries;
    }
}
