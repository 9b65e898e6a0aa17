namespace AgentHub.Rest.Schema;

/// <summary>A function parameter's <c>proargmodes</c> entry.</summary>
internal enum ParameterMode
{
    In,
    Out,
    InOut,
    Variadic,
    Table,
}
