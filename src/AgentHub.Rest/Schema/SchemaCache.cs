namespace AgentHub.Rest.Schema;

/// <summary>
/// The current <see cref="SchemaSnapshot"/>, swapped atomically on reload; requests read it once
/// and use that snapshot throughout. <see langword="null"/> until the first load succeeds (requests
/// then get 503 PGRST002).
/// </summary>
internal sealed class SchemaCache
{
    private volatile SchemaSnapshot? _current;
    private long _version;

    public SchemaSnapshot? Current => _current;

    /// <summary>Incremented on every successful load (tests wait on it).</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Publish(SchemaSnapshot snapshot)
    {
        _current = snapshot;
        Interlocked.Increment(ref _version);
    }
}
