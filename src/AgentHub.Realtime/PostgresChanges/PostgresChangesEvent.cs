namespace AgentHub.Realtime.PostgresChanges;

/// <summary>Which row changes a subscription wants; <c>*</c> (or any unknown value) is all three.</summary>
[Flags]
public enum PostgresChangesEvent
{
    /// <summary>Rows inserted.</summary>
    Insert = 1,

    /// <summary>Rows updated.</summary>
    Update = 2,

    /// <summary>Rows deleted.</summary>
    Delete = 4,

    /// <summary><c>*</c>: every change (TRUNCATE is never delivered).</summary>
    All = Insert | Update | Delete,
}
