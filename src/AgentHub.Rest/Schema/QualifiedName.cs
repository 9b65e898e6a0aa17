namespace AgentHub.Rest.Schema;

/// <summary>A schema-qualified relation or function name, case-sensitive like every Postgres identifier.</summary>
internal readonly record struct QualifiedName(string Schema, string Name)
{
    public override string ToString() => Schema + "." + Name;
}
