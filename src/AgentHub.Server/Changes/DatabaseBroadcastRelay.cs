using System.Text;
using AgentHub.Cdc;
using AgentHub.Realtime;
using AgentHub.Realtime.FanOut;
using Microsoft.Extensions.Logging;

namespace AgentHub.Server.Changes;

/// <summary>
/// Delivers broadcasts sent from the database: each committed insert into <c>realtime.messages</c>
/// with extension <c>broadcast</c> (what <c>realtime.send</c> and <c>realtime.broadcast_changes</c>
/// write) goes to the members of its channel, public or private as the row says, as a broadcast with
/// <c>meta: {"id": &lt;message id&gt;}</c> (docs/realtime-protocol.md 2.3, 4.2).
/// </summary>
/// <remarks>
/// The rows come from the replication stream (publication <c>agenthub_broadcast</c>), so a message is
/// sent only if its transaction committed, in commit order with the other changes, and the slot keeps
/// it across a hub restart. Private-channel members were authorized at join, as for every broadcast;
/// the database (its insert policies, or a security-definer trigger) decided who may send. A redelivery
/// after a crash can repeat a message: the id in <c>meta</c> lets clients drop the repeat. Authorization
/// probes of private channels are inserted and rolled back, so they never reach this relay.
/// </remarks>
internal sealed partial class DatabaseBroadcastRelay(RealtimeHub hub, ILogger<DatabaseBroadcastRelay> logger)
{
    public const string Schema = "realtime";
    public const string Table = "messages";

    /// <summary>Whether <paramref name="change"/> is a row of <c>realtime.messages</c> (routed here, never to postgres_changes).</summary>
    public static bool Owns(ChangeEvent change) => change.Table == Table && change.Schema == Schema;

    public void Deliver(ChangeEvent change)
    {
        if (change.Kind != ChangeKind.Insert || change.Record is not { } row) return;
        if (row["extension"].Text != "broadcast") return;
        var subTopic = row["topic"].Text;
        var userEvent = row["event"].Text;
        var payload = row["payload"].Text ?? "{}";
        var id = row["id"].Text;
        if (string.IsNullOrEmpty(subTopic) || userEvent is null || id is null)
        {
            LogSkipped(logger, id, "a topic, an event and an id are required");
            return;
        }
        if (change.IsOversized || Encoding.UTF8.GetByteCount(payload) > hub.Options.MaxPayloadBytes)
        {
            LogSkipped(logger, id, $"the payload is over {hub.Options.MaxPayloadBytes} bytes");
            return;
        }

        var topic = RealtimeTopics.FromName(subTopic);
        var isPrivate = row["private"].Text == "t";
        var meta = Encoding.UTF8.GetBytes($$"""{"id":"{{id}}"}""");
        hub.Publish(new ChannelKey(topic, isPrivate), FanOutMessage.DatabaseBroadcast(topic, userEvent, Encoding.UTF8.GetBytes(payload), meta));
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Broadcast {MessageId} from the database not delivered: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string? messageId, string reason);
}
