namespace AgentHub.Client;

/// <summary>Where the hub is and who is calling.</summary>
public sealed class AgentHubClientOptions
{
    /// <summary>The hub's (or Supabase project's) base URL, e.g. http://127.0.0.1:54321.</summary>
    public required Uri Url { get; set; }

    /// <summary>The API key (anon or service_role), sent as <c>apikey</c> on every request.</summary>
    public required string ApiKey { get; set; }

    /// <summary>The caller's token (an agent token or a user's access token); the API key when null.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Attempts for a request that fails because the hub is unreachable or answers 502/503/504.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>First retry delay; it doubles each attempt (with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Interval of realtime heartbeats (the Supabase client uses 25 s).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Delays between realtime reconnect attempts; the last repeats.</summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays { get; set; } =
        [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];
}
