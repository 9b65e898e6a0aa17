using System.Text.Json;
using AgentHub.Client.Realtime;

namespace AgentHub.Client.Tests;

public sealed class PostgresChangeTests
{
    private sealed record Message(long Id, long RoomId, string Body, string[] Tags);

    [Fact]
    public void The_data_of_a_change_frame_becomes_a_typed_change()
    {
        // The frame of realtime-protocol.md section 6.2.
        var data = JsonDocument.Parse("""
            {"schema":"public","table":"messages","commit_timestamp":"2025-05-01T12:00:00.123Z","type":"UPDATE",
             "columns":[{"name":"id","type":"int8"}],
             "record":{"id":501,"room_id":42,"body":"edited","tags":["a"]},"old_record":{"id":501},"errors":null}
            """).RootElement;
        var change = PostgresChange.FromData(data);

        Assert.Equal(("public", "messages", "UPDATE"), (change.Schema, change.Table, change.Type));
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 12, 0, 0, 123, TimeSpan.Zero), change.CommitTimestamp);
        var message = change.RecordAs<Message>()!;
        Assert.Equal((501L, 42L, "edited"), (message.Id, message.RoomId, message.Body));
        Assert.Equal(["a"], message.Tags);
        Assert.Equal(501, change.OldRecord.GetProperty("id").GetInt32());
        Assert.Empty(change.Errors);
    }

    [Fact]
    public void A_delete_has_an_empty_record_and_errors_are_kept()
    {
        var change = PostgresChange.FromData(JsonDocument.Parse("""{"schema":"s","table":"t","type":"DELETE","old_record":{"id":1},"errors":["Error 413: Payload Too Large"]}""").RootElement);
        Assert.Equal(JsonValueKind.Object, change.Record.ValueKind);
        Assert.Empty(change.Record.EnumerateObject());
        Assert.Equal(["Error 413: Payload Too Large"], change.Errors);
    }
}
