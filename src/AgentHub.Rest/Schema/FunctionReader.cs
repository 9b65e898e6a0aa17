using Npgsql;

namespace AgentHub.Rest.Schema;

/// <summary>Turns rows of <see cref="SchemaQueries.Functions"/> into <see cref="FunctionInfo"/>s.</summary>
internal static class FunctionReader
{
    /// <summary>Function-level settings hoisted into the request transaction (as PostgREST does).</summary>
    private static readonly HashSet<string> HoistedSettings = new(StringComparer.Ordinal) { "statement_timeout" };

    public static async Task<List<FunctionInfo>> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var list = new List<FunctionInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var returnTypeKind = reader.GetString(9);
            var returnTypeName = reader.GetString(10);
            if (returnTypeKind == "p" && returnTypeName is not ("void" or "record"))
            {
                // trigger, event_trigger, internal, anyelement...: not callable over HTTP.
                continue;
            }

            var names = reader.GetFieldValue<string[]>(2);
            var types = reader.GetFieldValue<string[]>(3);
            var typeNames = reader.GetFieldValue<string[]>(4);
            var modes = reader.GetFieldValue<string[]>(5);
            var inputCount = reader.GetInt32(6);
            var defaults = reader.GetInt32(7);
            var parameters = new List<FunctionParameter>(types.Length);
            var inputIndex = 0;
            for (var i = 0; i < types.Length; i++)
            {
                var mode = i < modes.Length ? modes[i] switch
                {
                    "o" => ParameterMode.Out,
                    "b" => ParameterMode.InOut,
                    "v" => ParameterMode.Variadic,
                    "t" => ParameterMode.Table,
                    _ => ParameterMode.In,
                } : ParameterMode.In;
                var isInput = mode is ParameterMode.In or ParameterMode.InOut or ParameterMode.Variadic;
                var hasDefault = isInput && inputIndex++ >= inputCount - defaults;
                parameters.Add(new FunctionParameter(i < names.Length ? names[i] : "", types[i], typeNames[i], mode, hasDefault));
            }

            var settings = reader.GetFieldValue<string[]>(15)
                .Select(static s => s.Split('=', 2))
                .Where(static kv => kv.Length == 2 && HoistedSettings.Contains(kv[0]))
                .Select(static kv => new KeyValuePair<string, string>(kv[0], kv[1]))
                .ToList();

            list.Add(new FunctionInfo(
                new QualifiedName(reader.GetString(0), reader.GetString(1)),
                parameters,
                reader.GetString(8),
                returnTypeName == "void" ? ReturnKind.Void : returnTypeKind is "c" || returnTypeName == "record" ? ReturnKind.Composite : ReturnKind.Scalar,
                reader.GetBoolean(11),
                reader.IsDBNull(13) ? null : new QualifiedName(reader.GetString(13), reader.GetString(14)),
                reader.GetString(12) switch { "i" => Volatility.Immutable, "s" => Volatility.Stable, _ => Volatility.Volatile },
                settings));
        }

        return list;
    }
}
