using System.Text.RegularExpressions;
using FilterOperator = AgentHub.Core.PostgresChanges.PostgresChangesFilterOperator;

namespace AgentHub.Cdc;

/// <summary>One condition of a parsed filter, compiled for evaluation but not yet typed against a table.</summary>
/// <param name="Column">The column name as written.</param>
/// <param name="Operator">The operator.</param>
/// <param name="Negated">True with the <c>not.</c> prefix.</param>
/// <param name="Value">The unquoted value (scalar operators), the <c>is</c> keyword, or the raw <c>in</c> list.</param>
/// <param name="List">The elements of an <c>in.(…)</c> list, read as an array literal.</param>
/// <param name="Pattern">The compiled pattern of like/ilike/match/imatch.</param>
internal sealed record FilterCondition(string Column, FilterOperator Operator, bool Negated, string Value, List<PgArrayItem>? List, Regex? Pattern);
