namespace AgentHub.Cdc.Tests;

/// <summary>
/// Records every batch it is given. <see cref="Block"/> makes the next calls wait (until cancelled or
/// released), standing in for a consumer that is mid-delivery when the hub dies.
/// </summary>
internal sealed class RecordingConsumer : IChangeConsumer
{
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<ChangeEvent>> _batches = [];
    private TaskCompletionSource? _gate;
    private int _calls;

    public Func<IReadOnlyList<ChangeEvent>, Exception?>? Fail { get; set; }

    /// <summary>How many times ConsumeAsync was entered (including blocked or failed calls).</summary>
    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<IReadOnlyList<ChangeEvent>> Batches
    {
        get
        {
            lock (_lock) return _batches.ToList();
        }
    }

    public IReadOnlyList<ChangeEvent> Events
    {
        get
        {
            lock (_lock) return _batches.SelectMany(b => b).ToList();
        }
    }

    public void Block()
    {
        lock (_lock) _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Release()
    {
        TaskCompletionSource? gate;
        lock (_lock)
        {
            gate = _gate;
            _gate = null;
        }
        gate?.TrySetResult();
    }

    public async ValueTask ConsumeAsync(IReadOnlyList<ChangeEvent> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        Task? gate;
        lock (_lock) gate = _gate?.Task;
        if (gate is not null) await gate.WaitAsync(cancellationToken);
        if (Fail?.Invoke(batch) is { } error) throw error;
        lock (_lock) _batches.Add(batch);
    }

    public Task<IReadOnlyList<ChangeEvent>> WaitForEventsAsync(int count, int seconds = 30) => WaitForEventsAsync(e => e.Count >= count, $"{count} events", seconds);

    public async Task<IReadOnlyList<ChangeEvent>> WaitForEventsAsync(Func<IReadOnlyList<ChangeEvent>, bool> condition, string what, int seconds = 30)
    {
        await ReplicationScope.WaitForAsync(() => condition(Events), what + $" (have {Events.Count})", seconds: seconds);
        return Events;
    }
}
