namespace AgentHub.Rest.Sql;

/// <summary>The request kinds the response rules distinguish (data-api.md §8.1, §10, §11).</summary>
internal enum StatementKind
{
    Read,
    Insert,
    Upsert,
    Update,
    Delete,
    SingleUpsert,
    Call,
}
