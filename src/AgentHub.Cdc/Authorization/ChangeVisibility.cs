namespace AgentHub.Cdc;

/// <summary>What one identity may receive of one change (docs/realtime-protocol.md §6.6, §6.7).</summary>
public enum ChangeVisibility : byte
{
    /// <summary>Nothing: row-level security hides the row, the role has no SELECT privilege, or its check failed.</summary>
    Hidden,

    /// <summary>The change, restricted to the columns in <see cref="ChangeAccess.Columns"/>.</summary>
    Visible,

    /// <summary>The <c>Error 400: Bad Request, no primary key</c> payload (INSERT/UPDATE on a table without primary key).</summary>
    NoPrimaryKey,

    /// <summary>The <c>Error 401: Unauthorized</c> payload (the role cannot SELECT the primary key).</summary>
    Unauthorized,
}
