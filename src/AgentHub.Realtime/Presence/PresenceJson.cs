using System.Text.Json;
using AgentHub.Realtime.FanOut;

namespace AgentHub.Realtime.Presence;

/// <summary>Writers for presence metas, <c>presence_state</c> and <c>presence_diff</c> payloads (docs/realtime-protocol.md 5.2).</summary>
internal static class PresenceJson
{
    /// <summary>
    /// The meta for a tracked payload: <c>phx_ref</c> (and <c>phx_ref_prev</c>) first, then the
    /// payload's own fields. The payload's own <c>phx_ref</c>/<c>phx_ref_prev</c> are dropped, as
    /// Supabase's map merge does, because clients identify metas by them.
    /// </summary>
    public static byte[] Meta(string phxRef, string? previousRef, JsonElement payload) => ServerPayloads.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("phx_ref", phxRef);
        if (previousRef is not null)
        {
            writer.WriteString("phx_ref_prev", previousRef);
        }

        foreach (var property in payload.EnumerateObject())
        {
            if (!property.NameEquals("phx_ref") && !property.NameEquals("phx_ref_prev"))
            {
                property.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    });

    /// <summary><c>{key: {"metas": [meta, …]}, …}</c>.</summary>
    public static byte[] State(IEnumerable<KeyValuePair<string, List<PresenceEntry>>> state) => ServerPayloads.Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var (key, entries) in state)
        {
            WriteKey(writer, key, entries);
        }

        writer.WriteEndObject();
    });

    /// <summary><c>{"joins": {…}, "leaves": {…}}</c> for at most one joined and one left meta.</summary>
    public static byte[] Diff(PresenceEntry? joined, PresenceEntry? left) => ServerPayloads.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("joins");
        if (joined is not null)
        {
            WriteKey(writer, joined.Key, [joined]);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("leaves");
        if (left is not null)
        {
            WriteKey(writer, left.Key, [left]);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static void WriteKey(Utf8JsonWriter writer, string key, IEnumerable<PresenceEntry> entries)
    {
        writer.WriteStartObject(key);
        writer.WriteStartArray("metas");
        foreach (var entry in entries)
        {
            writer.WriteRawValue(entry.MetaJson, skipInputValidation: true);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
