using System.Text.Json;

namespace AgentHub.Server.Hosting;

/// <summary>
/// What a running hub tells other commands on the same data folder (<c>DATA/hub.json</c>): where its
/// API and database listen. Written after start, deleted on a clean stop; trusted only while the
/// data folder lock is held.
/// </summary>
internal sealed record HubRuntimeInfo(int Pid, string ApiUrl, string DatabaseHost, int DatabasePort, bool EmbeddedDatabase, DateTimeOffset StartedAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "hub.json");

    public void Write(string dataDirectory) => File.WriteAllText(PathIn(dataDirectory), JsonSerializer.Serialize(this, Json));

    public static HubRuntimeInfo? Read(string dataDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize<HubRuntimeInfo>(File.ReadAllText(PathIn(dataDirectory)), Json);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The info of the hub serving this data folder, or null when none is running.</summary>
    public static HubRuntimeInfo? ReadIfRunning(string dataDirectory)
    {
        using (var probe = DataFolderLock.TryAcquire(dataDirectory))
        {
            if (probe is not null) return null; // nobody holds the lock: no hub, whatever hub.json says
        }
        return Read(dataDirectory);
    }

    public static void Delete(string dataDirectory) => File.Delete(PathIn(dataDirectory));
}
