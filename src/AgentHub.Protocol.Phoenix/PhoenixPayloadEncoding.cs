namespace AgentHub.Protocol.Phoenix;

/// <summary>How the user payload of a binary broadcast frame is encoded (its encoding byte).</summary>
public enum PhoenixPayloadEncoding : byte
{
    /// <summary><c>0</c>: raw bytes (the app sent an ArrayBuffer); cannot be delivered to vsn 1.0.0 clients.</summary>
    Binary = 0,

    /// <summary><c>1</c>: UTF-8 JSON text of the app's payload.</summary>
    Json = 1,
}
