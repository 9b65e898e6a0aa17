using AgentHub.Rest.Errors;
using AgentHub.Rest.Plan;

namespace AgentHub.Rest.Parsing;

/// <summary>
/// Chooses the schema from <c>Accept-Profile</c> (GET/HEAD) or <c>Content-Profile</c> (other methods),
/// data-api.md §4. Schema names are case-sensitive, like every Postgres identifier here.
/// </summary>
internal static class ProfileParser
{
    /// <returns>The schema and whether a header named it.</returns>
    /// <exception cref="RestException">PGRST106 when the named schema is not exposed.</exception>
    public static (string Schema, bool FromHeader) Select(
        RestMethod method, string? acceptProfile, string? contentProfile, IReadOnlyList<string> exposedSchemas)
    {
        var header = method is RestMethod.Get or RestMethod.Head ? acceptProfile : contentProfile;
        if (string.IsNullOrWhiteSpace(header))
        {
            return (exposedSchemas[0], false);
        }

        var schema = header.Trim();
        foreach (var exposed in exposedSchemas)
        {
            if (exposed == schema)
            {
                return (exposed, true);
            }
        }

        throw new RestException(RestErrors.UnacceptableSchema(schema, exposedSchemas));
    }
}
