namespace AgentHub.Server.Hosting;

/// <summary>
/// An exclusive lock on <c>DATA/hub.lock</c> held by the process that owns a data folder's cluster
/// (a running <c>serve</c>, or a CLI command that started the cluster for itself). .NET takes an
/// advisory <c>flock</c> for <see cref="FileShare.None"/> on Unix, and the kernel releases it when the
/// process dies, even by SIGKILL, so "locked" always means "a live owner exists".
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "hub.lock");

    private static string PidPathIn(string dataDirectory) => Path.Combine(dataDirectory, "hub.pid");

    /// <summary>Takes the lock, or returns null when another live process holds it.</summary>
    public static DataFolderLock? TryAcquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        try
        {
            var stream = new FileStream(PathIn(dataDirectory), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // The locked file cannot be read by others (the lock covers reads too), so the pid goes beside it.
            File.WriteAllText(PidPathIn(dataDirectory), Environment.ProcessId + "\n");
            return new DataFolderLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The pid the holder wrote, for messages; null if unreadable.</summary>
    public static int? HolderPid(string dataDirectory)
    {
        try
        {
            return int.TryParse(File.ReadAllText(PidPathIn(dataDirectory)).Trim(), out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
