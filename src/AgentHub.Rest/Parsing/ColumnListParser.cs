using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Parses <c>columns=</c> and <c>on_conflict=</c>: one or more field names separated by commas.
/// supabase-js quotes every name (<c>columns="title","done"</c>).
/// </summary>
internal static class ColumnListParser
{
    /// <param name="value">The raw parameter value.</param>
    /// <param name="parameter">Parameter name for messages (<c>columns</c> or <c>on_conflict</c>).</param>
    /// <returns>Names in first-seen order, duplicates dropped (PostgREST keeps a set).</returns>
    public static ValueList<string> Parse(string value, string parameter)
    {
        var reader = new SpanReader(value, parameter + " parameter");
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            reader.SkipBlanks();
            var name = FieldSyntax.ReadFieldName(ref reader);
            if (seen.Add(name))
            {
                if (names.Count == RestLimits.MaxColumns)
                {
                    throw new RestException(RestErrors.LimitExceeded($"Number of {parameter} names", names.Count + 1, RestLimits.MaxColumns));
                }

                names.Add(name);
            }

            reader.SkipBlanks();
        }
        while (reader.TryConsume(','));

        reader.ExpectEnd("\",\" or end of input");
        return ValueList.From(names);
    }
}
