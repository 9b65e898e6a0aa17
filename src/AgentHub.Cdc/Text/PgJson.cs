using System.Text.Json;

namespace AgentHub.Cdc;

/// <summary>
/// Writes a column value as the JSON PostgreSQL's <c>to_jsonb</c> gives it, from the text form
/// pgoutput sends (docs/realtime-protocol.md §6.2): numbers as numbers, booleans, json/jsonb
/// inlined, arrays and composites as arrays and objects, dates and timestamps in the XSD form,
/// everything else as a string. One deliberate difference: <c>bytea</c> is its hex digits without
/// the <c>\x</c> prefix, as the protocol document specifies for Supabase's payloads.
/// </summary>
internal static class PgJson
{
    public static void WriteValue(Utf8JsonWriter writer, PgType type, string text)
    {
        switch (type.Kind)
        {
            case PgTypeKind.Bool when text is "t" or "f":
                writer.WriteBooleanValue(text == "t");
                return;
            case PgTypeKind.Integer:
                writer.WriteRawValue(text, skipInputValidation: true);
                return;
            case PgTypeKind.Float or PgTypeKind.Numeric:
                if (PgNumberText.ToJsonNumber(text) is { } number) writer.WriteRawValue(number, skipInputValidation: true);
                else writer.WriteStringValue(text);
                return;
            case PgTypeKind.Json or PgTypeKind.Jsonb:
                // PostgreSQL validated it on the way in; skipping validation also lifts the writer's depth limit.
                writer.WriteRawValue(text, skipInputValidation: true);
                return;
            case PgTypeKind.Timestamp or PgTypeKind.TimestampTz:
                writer.WriteStringValue(PgDateTimeText.ToJsonString(text, type.Kind == PgTypeKind.TimestampTz));
                return;
            case PgTypeKind.Bytea:
                writer.WriteStringValue(text.StartsWith("\\x", StringComparison.Ordinal) ? text.AsSpan(2) : text);
                return;
            case PgTypeKind.Array when type.Element is not null && PgArrayText.TryParse(text, type.Delimiter, out var items):
                WriteArray(writer, type.Element, items);
                return;
            case PgTypeKind.Composite when PgRecordText.TryParse(text, out var fields) && fields.Count == type.Fields.Count:
                writer.WriteStartObject();
                for (var i = 0; i < fields.Count; i++)
                {
                    writer.WritePropertyName(type.Fields[i].Name);
                    if (fields[i] is { } field) WriteValue(writer, type.Fields[i].Type, field);
                    else writer.WriteNullValue();
                }
                writer.WriteEndObject();
                return;
            default:
                writer.WriteStringValue(text);
                return;
        }
    }

    private static void WriteArray(Utf8JsonWriter writer, PgType element, List<PgArrayItem> items)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            if (item.Children is not null) WriteArray(writer, element, item.Children);
            else if (item.Text is null) writer.WriteNullValue();
            else WriteValue(writer, element, item.Text);
        }
        writer.WriteEndArray();
    }
}
