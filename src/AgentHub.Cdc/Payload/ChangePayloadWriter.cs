using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentHub.Cdc;

/// <summary>
/// Writes the <c>data</c> object of a <c>postgres_changes</c> frame (docs/realtime-protocol.md §6.2):
/// <c>schema</c>, <c>table</c>, <c>commit_timestamp</c>, <c>type</c>, <c>columns</c>, <c>record</c>
/// (INSERT, UPDATE), <c>old_record</c> (UPDATE, DELETE) and <c>errors</c>, with values typed like
/// <c>to_jsonb</c>. Write it once per event and <see cref="ChangeAccess"/>, then share the bytes with
/// every recipient of that variant; the frame's <c>ids</c> wrap it per channel.
/// </summary>
/// <example>
/// <code>
/// var buffer = new ArrayBufferWriter&lt;byte&gt;();
/// ChangePayloadWriter.Write(buffer, change, access);
/// // [null,null,topic,"postgres_changes",{"ids":[...],"data":&lt;buffer.WrittenSpan&gt;}]
/// </code>
/// </example>
public static class ChangePayloadWriter
{
    private const string NoPrimaryKeyError = "Error 400: Bad Request, no primary key";
    private const string UnauthorizedError = "Error 401: Unauthorized";
    private const string PayloadTooLargeError = "Error 413: Payload Too Large";

    private static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");
    private static readonly JsonEncodedText Table = JsonEncodedText.Encode("table");
    private static readonly JsonEncodedText CommitTimestamp = JsonEncodedText.Encode("commit_timestamp");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText Columns = JsonEncodedText.Encode("columns");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Record = JsonEncodedText.Encode("record");
    private static readonly JsonEncodedText OldRecord = JsonEncodedText.Encode("old_record");
    private static readonly JsonEncodedText Errors = JsonEncodedText.Encode("errors");
    private static readonly JsonEncodedText Insert = JsonEncodedText.Encode("INSERT");
    private static readonly JsonEncodedText Update = JsonEncodedText.Encode("UPDATE");
    private static readonly JsonEncodedText Delete = JsonEncodedText.Encode("DELETE");

    // Non-ASCII text stays as UTF-8 (a third of the size of \u escapes); control characters and quotes are still escaped.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic] private static Utf8JsonWriter? t_writer;
    [ThreadStatic] private static Utf8JsonWriter? t_scratchWriter;
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_scratch;

    /// <summary>Writes the whole change (the service role's view).</summary>
    public static void Write(IBufferWriter<byte> output, ChangeEvent change) => Write(output, change, ChangeAccess.Full);

    /// <summary>Writes the change as <paramref name="access"/> shapes it for one group of identical recipients.</summary>
    /// <exception cref="ArgumentException"><paramref name="access"/> is <see cref="ChangeVisibility.Hidden"/>: there is nothing to send.</exception>
    public static void Write(IBufferWriter<byte> output, ChangeEvent change, ChangeAccess access)
    {
        if (access.Visibility == ChangeVisibility.Hidden) throw new ArgumentException("A hidden change has no payload.", nameof(access));
        var writer = t_writer ??= new Utf8JsonWriter(output, Options);
        writer.Reset(output);
        try
        {
            if (access.Visibility == ChangeVisibility.Visible) WriteChange(writer, change, access);
            else WriteError(writer, change, access.Visibility == ChangeVisibility.NoPrimaryKey ? NoPrimaryKeyError : UnauthorizedError);
            writer.Flush();
        }
        finally
        {
            // Do not keep the caller's buffer reachable from a thread-static.
            writer.Reset(Stream.Null);
        }
    }

    /// <summary>The payload as a new array (tests, and hosts without a pooled buffer at hand).</summary>
    public static byte[] ToArray(ChangeEvent change, ChangeAccess access)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, change, access);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteChange(Utf8JsonWriter writer, ChangeEvent change, ChangeAccess access)
    {
        var relation = change.Relation;
        writer.WriteStartObject();
        writer.WriteString(Schema, change.Schema);
        writer.WriteString(Table, change.Table);
        // UTC, millisecond precision: Supabase's to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"').
        writer.WriteString(CommitTimestamp, change.CommitTimestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString(Type, KindName(change.Kind));

        writer.WriteStartArray(Columns);
        for (var i = 0; i < relation.Columns.Count; i++)
        {
            if (access.Columns is { } mask && !mask.Includes(i)) continue;
            writer.WriteStartObject();
            writer.WriteString(Name, relation.Columns[i].Name);
            writer.WriteString(Type, relation.Columns[i].Type.Name);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();

        if (change.Record is { } record)
        {
            writer.WritePropertyName(Record);
            WriteRow(writer, record, access.Columns, keysOnly: false, change.IsOversized);
        }
        if (change.OldRecord is { } old)
        {
            writer.WritePropertyName(OldRecord);
            WriteRow(writer, old, access.Columns, access.OldRecordKeysOnly, change.IsOversized);
        }

        if (change.IsOversized)
        {
            writer.WriteStartArray(Errors);
            writer.WriteStringValue(PayloadTooLargeError);
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull(Errors);
        }
        writer.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter writer, ChangeRow row, ColumnMask? mask, bool keysOnly, bool oversized)
    {
        var columns = row.Relation.Columns;
        writer.WriteStartObject();
        for (var i = 0; i < columns.Count; i++)
        {
            if (mask is not null && !mask.Includes(i)) continue;
            if (keysOnly && !columns[i].IsPrimaryKey) continue;
            var value = row[i];
            switch (value.State)
            {
                case ChangeValueState.Absent:
                    continue;
                case ChangeValueState.Null:
                    writer.WriteNull(columns[i].Name);
                    continue;
            }
            if (!oversized)
            {
                writer.WritePropertyName(columns[i].Name);
                PgJson.WriteValue(writer, columns[i].Type, value.Text!);
                continue;
            }
            // Oversized record: keep a value only when its JSON fits the small-value limit (spec 6.7).
            var scratch = t_scratch ??= new ArrayBufferWriter<byte>();
            scratch.ResetWrittenCount();
            var scratchWriter = t_scratchWriter ??= new Utf8JsonWriter(scratch, Options);
            scratchWriter.Reset(scratch);
            PgJson.WriteValue(scratchWriter, columns[i].Type, value.Text!);
            scratchWriter.Flush();
            if (scratch.WrittenCount <= CdcLimits.OversizedValueMaxBytes)
            {
                writer.WritePropertyName(columns[i].Name);
                writer.WriteRawValue(scratch.WrittenSpan, skipInputValidation: true);
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter writer, ChangeEvent change, string error)
    {
        // Supabase's error payloads carry only schema, table and type; the empty columns and records
        // keep realtime-js' record conversion from failing on them.
        writer.WriteStartObject();
        writer.WriteString(Schema, change.Schema);
        writer.WriteString(Table, change.Table);
        writer.WriteNull(CommitTimestamp);
        writer.WriteString(Type, KindName(change.Kind));
        writer.WriteStartArray(Columns);
        writer.WriteEndArray();
        if (change.Kind != ChangeKind.Delete)
        {
            writer.WriteStartObject(Record);
            writer.WriteEndObject();
        }
        if (change.Kind != ChangeKind.Insert)
        {
            writer.WriteStartObject(OldRecord);
            writer.WriteEndObject();
        }
        writer.WriteStartArray(Errors);
        writer.WriteStringValue(error);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static JsonEncodedText KindName(ChangeKind kind) => kind switch
    {
        ChangeKind.Insert => Insert,
        ChangeKind.Update => Update,
        _ => Delete,
    };
}
