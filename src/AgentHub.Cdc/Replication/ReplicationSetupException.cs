namespace AgentHub.Cdc;

/// <summary>
/// The database is not ready for change capture (wal_level is not logical, the publication is
/// missing, the slot belongs to another plugin or database). The worker keeps retrying, since an
/// operator may fix it while the hub runs, and reports the message in <see cref="ReplicationStatus.LastError"/>.
/// </summary>
public sealed class ReplicationSetupException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReplicationSetupException(string message) : base(message)
    {
    }
}
