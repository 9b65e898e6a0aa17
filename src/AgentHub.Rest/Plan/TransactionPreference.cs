namespace AgentHub.Rest.Plan;

/// <summary><c>Prefer: tx=</c>; only honoured when the server allows it (PostgREST <c>db-tx-end</c>).</summary>
internal enum TransactionPreference
{
    Commit,
    Rollback,
}
