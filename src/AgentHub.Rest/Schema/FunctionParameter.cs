namespace AgentHub.Rest.Schema;

/// <summary>One parameter of a function.</summary>
/// <param name="Name">Name, or empty when unnamed.</param>
/// <param name="Type">SQL type (qualified unless in pg_catalog).</param>
/// <param name="BaseTypeName">The type's <c>typname</c> (e.g. <c>jsonb</c>, <c>_int4</c>).</param>
/// <param name="Mode">IN, OUT, INOUT, VARIADIC or TABLE.</param>
/// <param name="HasDefault">Whether the argument may be omitted.</param>
internal sealed record FunctionParameter(string Name, string Type, string BaseTypeName, ParameterMode Mode = ParameterMode.In, bool HasDefault = false)
{
    /// <summary>Whether callers pass it (IN, INOUT, VARIADIC).</summary>
    public bool IsInput => Mode is ParameterMode.In or ParameterMode.InOut or ParameterMode.Variadic;
}
