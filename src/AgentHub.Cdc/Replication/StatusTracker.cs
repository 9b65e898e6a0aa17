using NpgsqlTypes;

namespace AgentHub.Cdc;

/// <summary>The worker's mutable state behind <see cref="ReplicationWorker.Status"/>; written by the worker's loops, read by health checks.</summary>
internal sealed class StatusTracker(ReplicationOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private ReplicationState _state = ReplicationState.Stopped;
    private DateTimeOffset _since = time.GetUtcNow();
    private bool _isLeader;
    private NpgsqlLogSequenceNumber _acked;
    private long? _lagBytes;
    private DateTimeOffset? _lastCommit;
    private int _failures;
    private string? _lastError;

    /// <summary>The last LSN whose transactions the consumer finished (kept across reconnects).</summary>
    public NpgsqlLogSequenceNumber AckedLsn
    {
        get
        {
            lock (_lock) return _acked;
        }
    }

    public ReplicationState State
    {
        get
        {
            lock (_lock) return _state;
        }
    }

    public bool Enter(ReplicationState state)
    {
        lock (_lock)
        {
            if (_state == state) return false;
            _state = state;
            _since = time.GetUtcNow();
            if (state == ReplicationState.Streaming)
            {
                _failures = 0;
                _lastError = null;
            }
            return true;
        }
    }

    public void SetLeader(bool isLeader)
    {
        lock (_lock) _isLeader = isLeader;
    }

    public void Acknowledged(NpgsqlLogSequenceNumber lsn, DateTimeOffset? commitTimestamp)
    {
        lock (_lock)
        {
            if (lsn > _acked) _acked = lsn;
            if (commitTimestamp is not null) _lastCommit = commitTimestamp;
        }
    }

    public void SetLag(long? bytes)
    {
        lock (_lock) _lagBytes = bytes;
    }

    public int Failed(Exception error)
    {
        lock (_lock)
        {
            _lastError = error.Message;
            _isLeader = false;
            return ++_failures;
        }
    }

    public ReplicationStatus Snapshot()
    {
        lock (_lock)
        {
            return new ReplicationStatus(_state, options.SlotName, options.PublicationName, _isLeader,
                _acked == default ? null : _acked.ToString(), _lagBytes, _lastCommit, _failures, _lastError, _since);
        }
    }
}
