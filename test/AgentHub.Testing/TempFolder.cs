namespace AgentHub.Testing;

/// <summary>
/// A folder under /tmp that is deleted on dispose. /tmp is used (not the repository) because when
/// tests run as root the cluster runs as an unprivileged user, who must be able to enter it.
/// </summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates a new empty folder.</summary>
    public TempFolder(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "agenthub-tests", $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(purpose.Length + 13, 60)]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>Full path of the folder.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server that is still shutting down may hold a file a moment longer; /tmp is cleaned anyway.
        }
    }
}
