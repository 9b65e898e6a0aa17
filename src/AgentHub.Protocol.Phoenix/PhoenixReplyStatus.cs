namespace AgentHub.Protocol.Phoenix;

/// <summary>The <c>status</c> of a <c>phx_reply</c> payload.</summary>
public enum PhoenixReplyStatus
{
    /// <summary><c>"ok"</c>: the push succeeded (client: <c>SUBSCRIBED</c> for a join).</summary>
    Ok = 0,

    /// <summary><c>"error"</c>: the push failed; the response usually carries <c>{"reason": "Code: message"}</c>.</summary>
    Error = 1,
}
