namespace AgentHub.Realtime.Presence;

/// <summary>
/// Supabase's per-client presence limit: at most N calls per fixed window that starts with the
/// first call (5 per 30 s by default). Used from the member's connection loop only.
/// </summary>
internal sealed class PresenceRateWindow(int maxCalls, TimeSpan window)
{
    private long _resetAt = long.MinValue;
    private int _calls;

    /// <summary>Counts a call; false when the limit is exceeded.</summary>
    public bool TryCount(TimeProvider time)
    {
        var now = time.GetTimestamp();
        if (now > _resetAt)
        {
            _calls = 1;
            _resetAt = now + (long)(window.TotalSeconds * time.TimestampFrequency);
            return true;
        }

        if (_calls >= maxCalls)
        {
            return false;
        }

        _calls++;
        return true;
    }
}
