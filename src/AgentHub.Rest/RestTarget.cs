namespace AgentHub.Rest;

/// <summary>What the URL addresses: a relation (<c>/rest/v1/T</c>), a function (<c>/rest/v1/rpc/f</c>) or the root.</summary>
/// <param name="Name">Relation or function name, percent-decoded and case-sensitive; empty for the root.</param>
/// <param name="IsFunction">Whether the path was <c>rpc/f</c>.</param>
internal sealed record RestTarget(string Name, bool IsFunction)
{
    public static RestTarget Root { get; } = new("", false);

    public bool IsRoot => Name.Length == 0;

    public static RestTarget Relation(string name) => new(name, false);

    public static RestTarget Function(string name) => new(name, true);

    public override string ToString() => IsFunction ? "rpc/" + Name : Name;
}
