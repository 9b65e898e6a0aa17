using AgentHub.Rest.Errors;

namespace AgentHub.Rest.Schema;

/// <summary>
/// Picks the overload an RPC call means (data-api.md §11): the one whose input parameter names cover
/// the given argument names, with every parameter without a default given. A function with a single
/// unnamed json/jsonb parameter takes a POST body whole. None is PGRST202; several PGRST203, after
/// preferring those whose parameter count equals the argument count.
/// </summary>
internal static class FunctionResolver
{
    public static FunctionInfo Resolve(SchemaSnapshot schema, string schemaName, string name, IReadOnlyCollection<string> arguments, bool hasBody, bool singleObject)
    {
        var overloads = schema.Functions(schemaName, name);
        List<FunctionInfo> matches;
        if (singleObject)
        {
            matches = overloads.Where(static f => f.Inputs.Count() == 1 && f.Inputs.First().BaseTypeName is "json" or "jsonb").ToList();
        }
        else
        {
            matches = overloads.Where(f => MatchesByName(f, arguments)).ToList();
            if (matches.Count == 0 && hasBody)
            {
                matches = overloads.Where(static f => f.TakesSingleUnnamedJson).ToList();
            }
        }

        if (matches.Count > 1)
        {
            var exact = matches.Where(f => f.Inputs.Count() == arguments.Count).ToList();
            if (exact.Count > 0)
            {
                matches = exact;
            }
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new RestException(SchemaErrors.FunctionNotFound(schemaName, name, arguments.Order(StringComparer.Ordinal).ToList(),
                overloads.Count == 0 ? FuzzyNames.Closest(name, schema.FunctionNames.Where(n => n.Schema == schemaName).Select(static n => n.Name)) : null)),
            _ => throw new RestException(SchemaErrors.AmbiguousFunction(schemaName, name, matches)),
        };
    }

    private static bool MatchesByName(FunctionInfo function, IReadOnlyCollection<string> arguments)
    {
        var inputs = function.Inputs.ToList();
        foreach (var argument in arguments)
        {
            if (!inputs.Any(p => p.Name == argument))
            {
                return false;
            }
        }

        return inputs.All(p => p.HasDefault || arguments.Contains(p.Name));
    }
}
