namespace AgentHub.Rest.Schema;

/// <summary>A function's <c>provolatile</c>: decides READ ONLY vs READ WRITE for RPC POST.</summary>
internal enum Volatility
{
    Immutable,
    Stable,
    Volatile,
}
