using System.Buffers;
using System.Text;
using NpgsqlTypes;

namespace AgentHub.Cdc.Tests;

/// <summary>Golden payloads: the exact bytes of the <c>data</c> object (docs/realtime-protocol.md §6.2, §6.7).</summary>
public sealed class ChangePayloadWriterTests
{
    private static readonly ChangeRelation Messages = new(16500, "public", "messages",
    [
        new ChangeColumn("id", PgType.Builtin("int8"), true, true),
        new ChangeColumn("room_id", PgType.Builtin("int8"), false, false),
        new ChangeColumn("body", PgType.Builtin("text"), false, false),
        new ChangeColumn("tags", PgType.Builtin("_text"), false, false),
        new ChangeColumn("meta", PgType.Builtin("jsonb"), false, false),
        new ChangeColumn("created_at", PgType.Builtin("timestamptz"), false, false),
    ]);

    private static readonly DateTimeOffset Committed = new DateTimeOffset(2025, 5, 1, 12, 0, 0, 123, TimeSpan.Zero).AddTicks(4567);

    private static ChangeRow Row(params (string, string?)[] values) => ChangeRow.FromText(Messages, values);

    private static string Write(ChangeEvent change, ChangeAccess? access = null) => Encoding.UTF8.GetString(ChangePayloadWriter.ToArray(change, access ?? ChangeAccess.Full));

    [Fact]
    public void Insert_matches_the_protocol_example()
    {
        var change = new ChangeEvent(Messages, ChangeKind.Insert, Committed, new NpgsqlLogSequenceNumber(0x16B3748), 7,
            Row(("id", "501"), ("room_id", "42"), ("body", "hi"), ("tags", "{a}"), ("meta", """{"k": 1}"""), ("created_at", "2025-05-01 11:59:00.5+00")), null);
        Assert.Equal(
            """{"schema":"public","table":"messages","commit_timestamp":"2025-05-01T12:00:00.123Z","type":"INSERT","columns":[{"name":"id","type":"int8"},{"name":"room_id","type":"int8"},{"name":"body","type":"text"},{"name":"tags","type":"_text"},{"name":"meta","type":"jsonb"},{"name":"created_at","type":"timestamptz"}],"record":{"id":501,"room_id":42,"body":"hi","tags":["a"],"meta":{"k": 1},"created_at":"2025-05-01T11:59:00.5+00:00"},"errors":null}""",
            Write(change));
    }

    [Fact]
    public void Update_has_record_and_old_record_and_delete_only_old_record()
    {
        var update = new ChangeEvent(Messages, ChangeKind.Update, Committed, default, 7,
            Row(("id", "501"), ("room_id", "42"), ("body", "edited"), ("tags", null)), Row(("id", "501")));
        Assert.Equal(
            """{"schema":"public","table":"messages","commit_timestamp":"2025-05-01T12:00:00.123Z","type":"UPDATE","columns":[{"name":"id","type":"int8"},{"name":"room_id","type":"int8"},{"name":"body","type":"text"},{"name":"tags","type":"_text"},{"name":"meta","type":"jsonb"},{"name":"created_at","type":"timestamptz"}],"record":{"id":501,"room_id":42,"body":"edited","tags":null},"old_record":{"id":501},"errors":null}""",
            Write(update));

        var delete = new ChangeEvent(Messages, ChangeKind.Delete, Committed, default, 7, null, Row(("id", "501"), ("body", "bye")));
        Assert.Equal(
            """{"schema":"public","table":"messages","commit_timestamp":"2025-05-01T12:00:00.123Z","type":"DELETE","columns":[{"name":"id","type":"int8"},{"name":"room_id","type":"int8"},{"name":"body","type":"text"},{"name":"tags","type":"_text"},{"name":"meta","type":"jsonb"},{"name":"created_at","type":"timestamptz"}],"old_record":{"id":501,"body":"bye"},"errors":null}""",
            Write(delete));
        Assert.Equal(
            """{"schema":"public","table":"messages","commit_timestamp":"2025-05-01T12:00:00.123Z","type":"DELETE","columns":[{"name":"id","type":"int8"},{"name":"body","type":"text"}],"old_record":{"id":501},"errors":null}""",
            Write(delete, new ChangeAccess(ChangeVisibility.Visible, ColumnMask.Of(Messages, ["id", "body"]), OldRecordKeysOnly: true)));
    }

    [Fact]
    public void A_select_list_keeps_the_primary_key_and_text_stays_utf8_except_json_escapes_and_astral_characters()
    {
        var change = new ChangeEvent(Messages, ChangeKind.Insert, Committed, default, 7,
            Row(("id", "1"), ("room_id", "2"), ("body", "ünï \"q\" \\ \n 😀 </script>")), null);
        var access = ChangeAccess.Full.Restrict(ColumnMask.ForSelect(Messages, ["body", "nope"]));
        Assert.Equal(
            """{"schema":"public","table":"messages","commit_timestamp":"2025-05-01T12:00:00.123Z","type":"INSERT","columns":[{"name":"id","type":"int8"},{"name":"body","type":"text"}],"record":{"id":1,"body":"ünï \"q\" \\ \n \uD83D\uDE00 </script>"},"errors":null}""",
            Write(change, access));
    }

    [Fact]
    public void Error_payloads_carry_only_schema_table_and_type()
    {
        var update = new ChangeEvent(Messages, ChangeKind.Update, Committed, default, 7, Row(("id", "1")), Row(("id", "1")));
        Assert.Equal(
            """{"schema":"public","table":"messages","commit_timestamp":null,"type":"UPDATE","columns":[],"record":{},"old_record":{},"errors":["Error 401: Unauthorized"]}""",
            Write(update, new ChangeAccess(ChangeVisibility.Unauthorized)));
        Assert.Throws<ArgumentException>(() => Write(update, ChangeAccess.Hidden));
    }

    [Fact]
    public void An_oversized_record_keeps_values_up_to_64_bytes_of_json()
    {
        var change = new ChangeEvent(Messages, ChangeKind.Insert, Committed, default, 7,
            Row(("id", "1"), ("body", new string('b', 62)), ("meta", "\"" + new string('m', 63) + "\""), ("tags", null)), null, isOversized: true);
        Assert.Equal(
            """{"schema":"public","table":"messages","commit_timestamp":"2025-05-01T12:00:00.123Z","type":"INSERT","columns":[{"name":"id","type":"int8"},{"name":"room_id","type":"int8"},{"name":"body","type":"text"},{"name":"tags","type":"_text"},{"name":"meta","type":"jsonb"},{"name":"created_at","type":"timestamptz"}],"record":{"id":1,"body":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","tags":null},"errors":["Error 413: Payload Too Large"]}""",
            Write(change));
    }

    [Fact]
    public void Writes_into_any_buffer_writer_and_repeats_byte_for_byte()
    {
        var change = new ChangeEvent(Messages, ChangeKind.Insert, Committed, default, 7, Row(("id", "1")), null);
        var first = new ArrayBufferWriter<byte>();
        ChangePayloadWriter.Write(first, change);
        var second = new ArrayBufferWriter<byte>(1);
        ChangePayloadWriter.Write(second, change);
        Assert.True(first.WrittenSpan.SequenceEqual(second.WrittenSpan));
        Assert.Equal(Write(change), Encoding.UTF8.GetString(first.WrittenSpan));
    }
}
