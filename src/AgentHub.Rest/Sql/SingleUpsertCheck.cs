using System.Text.Json;
using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>PUT: a single-row upsert addressed by primary-key <c>eq</c> filters (data-api.md §10.2).</summary>
internal static class SingleUpsertCheck
{
    public static (MutatePlan Plan, JsonPayload Payload) Check(MutatePlan plan, TableInfo table, JsonPayload payload)
    {
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var condition in plan.Query.Where)
        {
            if (condition is not Filter { Negated: false, Field.HasJsonPath: false, Operation: CompareOperation { Operator: FilterOperator.Eq, Quantifier: Quantifier.None } compare } filter
                || !filters.TryAdd(filter.Field.Name, compare.Value))
            {
                throw new RestException(InvalidPutFilters());
            }
        }

        if (table.PrimaryKey.Count == 0 || filters.Count != table.PrimaryKey.Count || !table.PrimaryKey.All(filters.ContainsKey))
        {
            throw new RestException(InvalidPutFilters());
        }

        if (payload.Kind != JsonValueKind.Object && !(payload.IsArray && payload.Rows.Count == 1 && payload.AllObjects))
        {
            throw new RestException(JsonPayload.InvalidBody());
        }

        using var document = JsonDocument.Parse(payload.Json);
        var row = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement[0] : document.RootElement;
        foreach (var (column, value) in filters)
        {
            if (!row.TryGetProperty(column, out var given) || Text(given) != value)
            {
                throw new RestException(new RestError(RestErrorCodes.PutMatchingPk, 400, "Payload values do not match URL in primary key column(s)"));
            }
        }

        var upsert = plan with
        {
            Query = plan.Query with { Where = [] },
            Context = plan.Context with { Preferences = plan.Context.Preferences with { Resolution = ResolutionPreference.MergeDuplicates } },
            OnConflict = ValueList.From(table.PrimaryKey.ToList()),
        };
        return (upsert, payload);
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    private static RestError InvalidPutFilters() =>
        new(RestErrorCodes.InvalidPutFilters, 405, "Filters must include all and only primary key columns with 'eq' operators");
}
