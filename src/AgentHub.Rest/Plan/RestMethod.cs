namespace AgentHub.Rest.Plan;

/// <summary>HTTP methods the data API plans for (OPTIONS is answered by the host before parsing).</summary>
internal enum RestMethod
{
    Get,
    Head,
    Post,
    Patch,
    Put,
    Delete,
}
