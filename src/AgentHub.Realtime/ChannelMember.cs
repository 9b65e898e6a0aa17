using AgentHub.Auth.Tokens;
using AgentHub.Realtime.Authorization;
using AgentHub.Realtime.PostgresChanges;
using AgentHub.Realtime.Presence;

namespace AgentHub.Realtime;

/// <summary>
/// One connection's membership in one channel: what it joined with (join ref, options, identity)
/// and what it may do (permissions decided at join). Fan-out on other threads reads the volatile
/// fields; everything else is changed by the owning connection's loop or under the channel lock.
/// </summary>
internal sealed class ChannelMember
{
    private readonly Lock _sync = new();
    private volatile VerifiedToken _token;
    private volatile int _permissions;
    private volatile bool _closed;
    private ITimer? _expiryTimer;

    public ChannelMember(RealtimeSession session, Channel channel, string joinRef, JoinConfig config, string presenceKey, VerifiedToken token, string? rawToken, ChannelPermissions permissions, PresenceRateWindow presenceRate)
    {
        Session = session;
        Channel = channel;
        JoinRef = joinRef;
        BroadcastSelf = config.BroadcastSelf;
        BroadcastAck = config.BroadcastAck;
        PresenceEnabled = config.PresenceEnabled;
        PresenceKey = presenceKey;
        _token = token;
        RawToken = rawToken;
        _permissions = Pack(permissions);
        PresenceRate = presenceRate;
    }

    public RealtimeSession Session { get; }

    public Channel Channel { get; }

    public string Topic => Channel.Topic;

    public string SubTopic => Channel.SubTopic;

    public bool IsPrivate => Channel.IsPrivate;

    /// <summary>The <c>ref</c> of the <c>phx_join</c> that created this membership; channel-generated pushes carry it.</summary>
    public string JoinRef { get; }

    public bool BroadcastSelf { get; }

    public bool BroadcastAck { get; }

    /// <summary>Whether this member receives presence; a track turns it on. Changed under the channel lock.</summary>
    public bool PresenceEnabled { get; set; }

    public string PresenceKey { get; }

    public PresenceRateWindow PresenceRate { get; }

    /// <summary>The channel's identity: the join's <c>access_token</c>, or the connection's token.</summary>
    public VerifiedToken Token => _token;

    /// <summary>The token string the channel was last given (null when it uses the connection's), to ignore identical refreshes.</summary>
    public string? RawToken { get; private set; }

    public ChannelPermissions Permissions => Unpack(_permissions);

    public bool IsClosed => _closed;

    /// <summary>True when broadcasts should reach this member.</summary>
    public bool ReceivesBroadcast => !_closed && (_permissions & 1) != 0;

    /// <summary>True when presence state and diffs should reach this member.</summary>
    public bool ReceivesPresence => !_closed && PresenceEnabled && (_permissions & 4) != 0;

    public PostgresChangesChannel? PostgresChanges { get; set; }

    public void UpdateIdentity(VerifiedToken token, string? rawToken, ChannelPermissions permissions)
    {
        _token = token;
        RawToken = rawToken;
        _permissions = Pack(permissions);
    }

    /// <summary>Marks the member closed; true only for the first caller.</summary>
    public bool TryClose()
    {
        lock (_sync)
        {
            if (_closed)
            {
                return false;
            }

            _closed = true;
            _expiryTimer?.Dispose();
            _expiryTimer = null;
            return true;
        }
    }

    /// <summary>Arms (or re-arms) the token-expiry check.</summary>
    public void ScheduleExpiryCheck(TimeProvider time, TimeSpan dueIn, TimerCallback callback)
    {
        lock (_sync)
        {
            if (_closed)
            {
                return;
            }

            _expiryTimer?.Dispose();
            _expiryTimer = time.CreateTimer(callback, this, dueIn, Timeout.InfiniteTimeSpan);
        }
    }

    private static int Pack(ChannelPermissions p) =>
        (p.BroadcastRead ? 1 : 0) | (p.BroadcastWrite ? 2 : 0) | (p.PresenceRead ? 4 : 0) | (p.PresenceWrite ? 8 : 0);

    private static ChannelPermissions Unpack(int bits) =>
        new((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0);
}
