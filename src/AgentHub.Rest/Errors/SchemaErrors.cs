using System.Text.Json;
using AgentHub.Rest.Schema;

namespace AgentHub.Rest.Errors;

/// <summary>Errors found by checking a plan against the schema cache, worded as PostgREST words them.</summary>
internal static class SchemaErrors
{
    public static RestError SchemaCacheNotLoaded() =>
        new(RestErrorCodes.SchemaCacheNotLoaded, 503, "Could not query the database for the schema cache. Retrying.");

    public static RestError TableNotFound(string schema, string name, string? suggestion) =>
        new(RestErrorCodes.TableNotFound, 404, $"Could not find the table '{schema}.{name}' in the schema cache", null,
            suggestion is null ? null : $"Perhaps you meant the table '{schema}.{suggestion}'");

    public static RestError ColumnNotFound(string column, string table) =>
        new(RestErrorCodes.ColumnNotFound, 400, $"Could not find the '{column}' column of '{table}' in the schema cache");

    /// <summary>What Postgres would answer (42703) for an unknown column in select, filters or order.</summary>
    public static RestError UndefinedColumn(string table, string column) =>
        new("42703", 400, $"column {table}.{column} does not exist");

    public static RestError UndefinedType(string name) =>
        new("42704", 400, $"type \"{name}\" does not exist");

    public static RestError NoRelationship(string parent, string child, string? hint, string schema, string? suggestion) =>
        new(RestErrorCodes.NoRelationship, 400,
            $"Could not find a relationship between '{parent}' and '{child}' in the schema cache",
            $"Searched for a foreign key relationship between '{parent}' and '{child}'"
                + (hint is null ? "" : $" using the hint '{hint}'")
                + $" in the schema '{schema}', but no matches were found.",
            suggestion is null ? null : $"Perhaps you meant '{suggestion}' instead of '{child}'.");

    public static RestError AmbiguousRelationship(string parent, string child, IReadOnlyList<Relationship> candidates)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, AgentHub.Rest.Execution.JsonOutput.Options))
        {
            writer.WriteStartArray();
            foreach (var r in candidates)
            {
                writer.WriteStartObject();
                writer.WriteString("cardinality", r.CardinalityText);
                writer.WriteString("embedding", $"{r.Source.Name} with {r.Target.Name}");
                writer.WriteString("relationship", RelationshipText(r));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var choices = string.Join(", ", candidates.Select(r => $"'{child}!{r.Constraint}'"));
        return new RestError(RestErrorCodes.AmbiguousRelationship, 300,
            $"Could not embed because more than one relationship was found for '{parent}' and '{child}'", null,
            $"Try changing '{child}' to one of the following: {choices}. Find the desired relationship in the 'details' key.",
            System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static RestError RelatedOrderNotToOne(string parent, string child) =>
        new(RestErrorCodes.RelatedOrderNotToOne, 400,
            $"A related order on '{child}' is not possible",
            $"'{parent}' and '{child}' do not form a many-to-one or one-to-one relationship");

    public static RestError FunctionNotFound(string schema, string name, IReadOnlyList<string> arguments, string? suggestion)
    {
        var signature = $"{schema}.{name}({string.Join(", ", arguments)})";
        var details = arguments.Count == 0
            ? $"Searched for the function {schema}.{name} without parameters or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache."
            : $"Searched for the function {schema}.{name} with parameter{(arguments.Count == 1 ? "" : "s")} {string.Join(", ", arguments)} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.";
        return new RestError(RestErrorCodes.NoFunction, 404, $"Could not find the function {signature} in the schema cache", details,
            suggestion is null ? null : $"Perhaps you meant to call the function {schema}.{suggestion}");
    }

    public static RestError AmbiguousFunction(string schema, string name, IReadOnlyList<FunctionInfo> candidates) =>
        new(RestErrorCodes.AmbiguousFunction, 300,
            $"Could not choose the best candidate function between: {string.Join(", ", candidates.Select(Signature))}",
            null,
            "Try renaming the parameters or the function itself in the database so function overloading can be resolved");

    public static RestError NotInsertable(QualifiedName table, string action) =>
        new("42809", 405, $"cannot {action} relation \"{table.Name}\"");

    private static string Signature(FunctionInfo f) =>
        $"{f.Name}({string.Join(", ", f.Inputs.Select(p => (p.Name.Length == 0 ? "" : p.Name + " => ") + p.Type))})";

    private static string RelationshipText(Relationship r)
    {
        if (r.Junction is { } j)
        {
            return $"{j.Table.Name} using {j.SourceConstraint}({string.Join(", ", j.SourceColumns)}) and {j.TargetConstraint}({string.Join(", ", j.TargetColumns)})";
        }

        return $"{r.Constraint} using {r.Source.Name}({string.Join(", ", r.SourceColumns)}) and {r.Target.Name}({string.Join(", ", r.TargetColumns)})";
    }
}
