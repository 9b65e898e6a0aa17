namespace AgentHub.Server.Configuration;

/// <summary>Invalid settings; each error names the setting, the flag and the variable that set it.</summary>
public sealed class OptionsValidationException(IReadOnlyList<string> errors)
    : Exception("Invalid configuration: " + string.Join(" ", errors))
{
    /// <summary>One message per invalid setting.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
