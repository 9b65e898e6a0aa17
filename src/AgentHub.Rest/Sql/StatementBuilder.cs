using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Sql;

/// <summary>
/// Entry point of the SQL layer: a plan, checked against a schema snapshot, becomes the one
/// parameterized statement the request runs (data-api.md §17.5), or the schema error to answer with
/// (PGRST200/201/202/203/204/205, 42703 for unknown columns in select/filters/order).
/// </summary>
/// <remarks>Like the parser, builders throw <see cref="RestException"/> internally and this is the one place that catches it.</remarks>
internal static class StatementBuilder
{
    public static RestResult<RequestStatement> Build(RestPlan plan, SchemaSnapshot schema, JsonPayload? payload, BuildOptions options)
    {
        try
        {
            return plan switch
            {
                ReadPlan read => ReadStatementBuilder.Build(read, schema, options),
                MutatePlan mutate => MutationStatementBuilder.Build(mutate, schema, payload, options),
                CallPlan call => CallStatementBuilder.Build(call, schema, payload, options),
                _ => throw new InvalidOperationException("Unknown plan " + plan.GetType().Name),
            };
        }
        catch (RestException e)
        {
            return e.Error;
        }
    }
}
