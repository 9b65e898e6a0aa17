namespace AgentHub.Rest.Execution;

/// <summary>The one result row of a request statement (see <see cref="Sql.RequestStatement"/>).</summary>
/// <param name="Total">The count, when requested.</param>
/// <param name="Page">Rows in the page, or rows affected by a write.</param>
/// <param name="Inserted">Rows an upsert inserted (rather than updated).</param>
/// <param name="HeadersSetting">The <c>response.headers</c> setting, if any.</param>
/// <param name="StatusSetting">The <c>response.status</c> setting, if any.</param>
/// <param name="Body">The body Postgres built, as UTF-8.</param>
internal sealed record StatementRow(long? Total, long Page, long? Inserted, string? HeadersSetting, string? StatusSetting, byte[]? Body);
