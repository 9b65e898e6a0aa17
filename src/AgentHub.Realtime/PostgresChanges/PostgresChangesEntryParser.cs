using System.Text;
using System.Text.Json;
using AgentHub.Core.PostgresChanges;

namespace AgentHub.Realtime.PostgresChanges;

/// <summary>
/// Validates the entries of <c>config.postgres_changes</c> by the rules of docs/realtime-protocol.md
/// 6.1 (syntax only) and assigns their ids.
/// </summary>
internal static class PostgresChangesEntryParser
{
    public static List<PostgresChangesEntry> Parse(IReadOnlyList<JsonElement> entries)
    {
        var parsed = new List<PostgresChangesEntry>(entries.Count);
        foreach (var entry in entries)
        {
            var id = ComputeId(entry);
            var subscription = TryCreate(entry, id, out var error);
            parsed.Add(new PostgresChangesEntry(entry, id, subscription, error));
        }

        return parsed;
    }

    /// <summary>Writes <c>"postgres_changes":[…]</c>: each entry verbatim plus its <c>id</c>, in join order.</summary>
    public static void WriteReplyProperty(Utf8JsonWriter writer, IReadOnlyList<PostgresChangesEntry> entries)
    {
        writer.WriteStartArray("postgres_changes");
        foreach (var entry in entries)
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", entry.Id);
            foreach (var property in entry.Raw.EnumerateObject())
            {
                if (!property.NameEquals("id"))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static PostgresChangesSubscription? TryCreate(JsonElement entry, int id, out string? error)
    {
        error = null;
        var eventText = ReadString(entry, "event") ?? "*";
        var schema = ReadString(entry, "schema");
        var table = ReadString(entry, "table");
        var filterText = ReadString(entry, "filter");
        var hasFilter = !string.IsNullOrWhiteSpace(filterText);

        if (schema is null && table is null)
        {
            error = $"No subscription params provided. Please provide at least a `schema` or `table` to subscribe to: {entry.GetRawText()}";
            return null;
        }

        if (hasFilter && (schema is null || table is null))
        {
            error = $"No subscription params provided. A `filter` needs both `schema` and `table`: {entry.GetRawText()}";
            return null;
        }

        IReadOnlyList<string>? select = null;
        if (entry.TryGetProperty("select", out var selectElement) && selectElement.ValueKind != JsonValueKind.Null)
        {
            if (selectElement.ValueKind != JsonValueKind.Array || selectElement.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
            {
                error = "Error parsing `select` params: expected a list of column names";
                return null;
            }

            if (schema == "*" || table is null or "*")
            {
                error = "Error parsing `select` params: `select` needs a concrete `schema` and `table`";
                return null;
            }

            select = [.. selectElement.EnumerateArray().Select(c => c.GetString()!)];
        }

        PostgresChangesFilter? filter = null;
        if (hasFilter && !PostgresChangesFilter.TryParse(filterText!, out filter, out var filterError))
        {
            error = $"Error parsing `filter` params: {filterError}";
            return null;
        }

        return new PostgresChangesSubscription(id, ParseEvent(eventText), eventText, schema ?? "public", table, filter, select);
    }

    private static PostgresChangesEvent ParseEvent(string text) => text.ToUpperInvariant() switch
    {
        "INSERT" => PostgresChangesEvent.Insert,
        "UPDATE" => PostgresChangesEvent.Update,
        "DELETE" => PostgresChangesEvent.Delete,
        _ => PostgresChangesEvent.All,
    };

    private static string? ReadString(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// A stable id per entry content (Supabase uses <c>:erlang.phash2</c> of the entry): FNV-1a over the
    /// fields that define the subscription, folded to 27 bits like phash2's default range, never 0
    /// (the client treats a falsy id as "no id").
    /// </summary>
    private static int ComputeId(JsonElement entry)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var name in (ReadOnlySpan<string>)["event", "schema", "table", "filter", "select"])
        {
            var value = entry.TryGetProperty(name, out var element) ? element.GetRawText() : "";
            foreach (var b in Encoding.UTF8.GetBytes(name + "\u0001" + value + "\u0002"))
            {
                hash = (hash ^ b) * prime;
            }
        }

        var id = (int)(hash & 0x07FF_FFFF);
        return id == 0 ? 1 : id;
    }
}
