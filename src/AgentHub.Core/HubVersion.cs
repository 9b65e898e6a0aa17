using System.Reflection;

namespace AgentHub.Core;

/// <summary>The version of this AgentHub build, as reported by /health and <c>agenthub version</c>.</summary>
public static class HubVersion
{
    /// <summary>Informational version without the source-revision suffix the SDK appends.</summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        var info = typeof(HubVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = info.IndexOf('+');
        return plus < 0 ? info : info[..plus];
    }
}
