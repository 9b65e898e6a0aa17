namespace AgentHub.Rest.Schema;

/// <summary>One function (overload) of an exposed schema.</summary>
/// <param name="Name">Schema and name.</param>
/// <param name="Parameters">All parameters in declaration order (OUT and TABLE ones included).</param>
/// <param name="ReturnType">SQL return type.</param>
/// <param name="ReturnKind">Scalar, composite or void.</param>
/// <param name="ReturnsSet">SETOF / TABLE.</param>
/// <param name="ReturnTable">The table or view whose row type it returns, which enables embedding.</param>
/// <param name="Volatility">READ ONLY for immutable and stable functions.</param>
/// <param name="Settings">Function-level <c>SET</c> values hoisted into the transaction (statement_timeout).</param>
internal sealed record FunctionInfo(
    QualifiedName Name,
    IReadOnlyList<FunctionParameter> Parameters,
    string ReturnType,
    ReturnKind ReturnKind,
    bool ReturnsSet,
    QualifiedName? ReturnTable = null,
    Volatility Volatility = Volatility.Volatile,
    IReadOnlyList<KeyValuePair<string, string>>? Settings = null)
{
    public IEnumerable<FunctionParameter> Inputs => Parameters.Where(static p => p.IsInput);

    public bool IsVariadic => Parameters.Any(static p => p.Mode == ParameterMode.Variadic);

    /// <summary>PostgREST's special case: one unnamed json/jsonb parameter receives the whole body.</summary>
    public bool TakesSingleUnnamedJson
    {
        get
        {
            var inputs = Inputs.ToList();
            return inputs.Count == 1 && inputs[0].Name.Length == 0 && inputs[0].BaseTypeName is "json" or "jsonb";
        }
    }
}
