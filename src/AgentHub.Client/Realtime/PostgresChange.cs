using System.Text.Json;

namespace AgentHub.Client.Realtime;

/// <summary>One row change delivered by <c>postgres_changes</c>.</summary>
/// <param name="Schema">Schema of the table.</param>
/// <param name="Table">Table name.</param>
/// <param name="Type">INSERT, UPDATE or DELETE.</param>
/// <param name="CommitTimestamp">When the transaction committed.</param>
/// <param name="Record">New row values (INSERT, UPDATE); an empty object for DELETE.</param>
/// <param name="OldRecord">Replica-identity values (UPDATE, DELETE); an empty object for INSERT.</param>
/// <param name="Errors">Errors the server attached (for example an oversized record), if any.</param>
public sealed record PostgresChange(string Schema, string Table, string Type, DateTimeOffset? CommitTimestamp, JsonElement Record, JsonElement OldRecord, IReadOnlyList<string> Errors)
{
    /// <summary>Reads the new record as <typeparamref name="T"/> (snake_case columns).</summary>
    public T? RecordAs<T>() => Record.ValueKind == JsonValueKind.Object ? Record.Deserialize<T>(Rest.RestClient.Json) : default;

    internal static PostgresChange FromData(JsonElement data)
    {
        static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        var empty = JsonDocument.Parse("{}").RootElement;
        var errors = data.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Select(x => x.ToString()).ToArray()
            : [];
        DateTimeOffset? committed = DateTimeOffset.TryParse(Text(data, "commit_timestamp"), out var at) ? at : null;
        return new PostgresChange(
            Text(data, "schema"), Text(data, "table"), Text(data, "type"), committed,
            data.TryGetProperty("record", out var r) ? r.Clone() : empty,
            data.TryGetProperty("old_record", out var o) ? o.Clone() : empty,
            errors);
    }
}
