namespace AgentHub.Rest.Plan;

/// <summary>The two JSON access operators of a path step.</summary>
internal enum JsonArrow
{
    /// <summary><c>-&gt;</c>: yields json/jsonb.</summary>
    Json,

    /// <summary><c>-&gt;&gt;</c>: yields text.</summary>
    Text,
}
