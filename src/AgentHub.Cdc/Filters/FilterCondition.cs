using System.Text.RegularExpressions;

namespace AgentHub.Cdc;

/// <summary>One parsed <c>column=[not.]op.value</c> segment, before it is typed against a table.</summary>
/// <param name="Column">The column name as written.</param>
/// <param name="Operator">The operator.</param>
/// <param name="Negated">True with the <c>not.</c> prefix.</param>
/// <param name="Value">The unquoted value (scalar operators), or the <c>is</c> keyword.</param>
/// <param name="List">The elements of an <c>in.(…)</c> list.</param>
/// <param name="Pattern">The compiled pattern of like/ilike/match/imatch.</param>
internal sealed record FilterCondition(string Column, FilterOperator Operator, bool Negated, string Value, List<PgArrayItem>? List, Regex? Pattern);
