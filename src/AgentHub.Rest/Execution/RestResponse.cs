namespace AgentHub.Rest.Execution;

/// <summary>A data-API response ready to write: status, headers and an optional body.</summary>
internal sealed class RestResponse(int status)
{
    public int Status { get; set; } = status;

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>Content type including charset; null when there is no body.</summary>
    public string? ContentType { get; set; }

    public ReadOnlyMemory<byte> Body { get; set; }

    public RestResponse Header(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }
}
