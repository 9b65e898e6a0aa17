namespace AgentHub.Cdc;

/// <summary>Where the <see cref="ReplicationWorker"/> is in its lifecycle (see its remarks).</summary>
public enum ReplicationState
{
    /// <summary>Not started, or stopped.</summary>
    Stopped,

    /// <summary>Connecting, taking the leadership lock, checking the publication and slot.</summary>
    Starting,

    /// <summary>Another node holds the leadership lock; this one retries every <see cref="ReplicationOptions.StandbyPollInterval"/>.</summary>
    Standby,

    /// <summary>Receiving changes and handing them to the consumer.</summary>
    Streaming,

    /// <summary>A failure ended the session; the worker waits out a backoff and reconnects from the last confirmed LSN.</summary>
    Recovering,
}
