using System.Text;
using System.Text.RegularExpressions;
using AgentHub.Core.PostgresChanges;
using FilterOperator = AgentHub.Core.PostgresChanges.PostgresChangesFilterOperator;

namespace AgentHub.Cdc;

/// <summary>
/// Prepares a filter parsed by the shared grammar (<see cref="PostgresChangesFilter"/>, which the
/// join already checked) for evaluation: <c>in.(…)</c> lists read as array literals, like/ilike as
/// anchored regular expressions, match/imatch compiled. What the grammar accepts but change capture
/// cannot use is refused here, in the words of <see cref="ChangeFilterException"/>.
/// </summary>
internal static class FilterCompiler
{
    /// <summary>User regular expressions get this long per evaluation; a runaway pattern then simply does not match.</summary>
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    public static List<FilterCondition> Compile(PostgresChangesFilter filter)
    {
        EnsureShortEnough(filter.Text);
        var conditions = new List<FilterCondition>(filter.Conditions.Count);
        foreach (var condition in filter.Conditions)
        {
            conditions.Add(Compile(condition));
        }
        return conditions;
    }

    /// <summary>Long filters are refused before any work is spent on them.</summary>
    internal static void EnsureShortEnough(string filter)
    {
        if (filter.Length > CdcLimits.MaxFilterLength) throw ChangeFilterException.Syntax($"filter longer than {CdcLimits.MaxFilterLength} characters");
    }

    private static FilterCondition Compile(PostgresChangesFilterCondition condition)
    {
        var (column, op, negated) = (condition.Column, condition.Operator, condition.Negated);
        return op switch
        {
            FilterOperator.In => new FilterCondition(column, op, negated, condition.RawValue, ReadList(condition), null),
            FilterOperator.Like or FilterOperator.Ilike => new FilterCondition(column, op, negated, condition.Value!, null, LikeToRegex(condition.Value!, op == FilterOperator.Ilike)),
            FilterOperator.Match or FilterOperator.Imatch => new FilterCondition(column, op, negated, condition.Value!, null, CompileRegex(condition.Value!, op == FilterOperator.Imatch, condition.Text)),
            _ => new FilterCondition(column, op, negated, condition.Value!, null, null),
        };
    }

    private static List<PgArrayItem> ReadList(PostgresChangesFilterCondition condition)
    {
        var raw = condition.RawValue;
        // Supabase casts "{" + inner + "}" to the column's array type, so the list reads like an array literal.
        if (!PgArrayText.TryParse("{" + raw[1..^1] + "}", ',', out var items) || items.Any(i => i.Children is not null))
        {
            throw ChangeFilterException.Syntax($"malformed list {raw} in \"{condition.Text}\"");
        }
        // The join counted the grammar's items; an array literal can hold more (parentheses do not group in it).
        if (items.Count > PostgresChangesFilter.MaxInValues)
        {
            throw new ChangeFilterException($"too many values for `in` filter. Maximum {PostgresChangesFilter.MaxInValues}");
        }
        return items;
    }

    /// <summary>SQL LIKE (escape character <c>\</c>) as an anchored regular expression.</summary>
    private static Regex LikeToRegex(string pattern, bool ignoreCase)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length) sb.Append(Regex.Escape(pattern[++i].ToString()));
            else if (c == '%') sb.Append(".*");
            else if (c == '_') sb.Append('.');
            else sb.Append(Regex.Escape(c.ToString()));
        }
        sb.Append('$');
        // Non-backtracking: a LIKE pattern never needs backtracking, and it keeps evaluation linear.
        var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | (ignoreCase ? RegexOptions.IgnoreCase : 0);
        return new Regex(sb.ToString(), options);
    }

    private static Regex CompileRegex(string pattern, bool ignoreCase, string segment)
    {
        var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : 0);
        try
        {
            return new Regex(pattern, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            // Backreferences and lookarounds need the backtracking engine; the timeout bounds it.
        }
        catch (ArgumentException e)
        {
            throw ChangeFilterException.Syntax($"invalid regular expression in \"{segment}\": {e.Message}");
        }
        try
        {
            return new Regex(pattern, options, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw ChangeFilterException.Syntax($"invalid regular expression in \"{segment}\": {e.Message}");
        }
    }
}
