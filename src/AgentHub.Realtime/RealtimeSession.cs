using System.Buffers;
using AgentHub.Auth.Tokens;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.FanOut;
using AgentHub.Realtime.Transport;

namespace AgentHub.Realtime;

/// <summary>
/// The per-connection state machine, independent of the transport: frames go in through
/// <see cref="ProcessFrameAsync"/>, frames come out through <see cref="Outbound"/>.
/// </summary>
/// <remarks>
/// <para>Lifecycle: open → (client close | server close request) → terminated. Frames are handled
/// one at a time in arrival order by the connection's read loop, under <c>_gate</c>; timers (token
/// expiry) take the same gate, so channel state has one writer at a time. Other connections only
/// touch <see cref="Enqueue"/>, which is thread-safe and never blocks.</para>
/// <para>Expected failures become replies or <c>system</c> messages with Supabase's codes; a
/// malformed frame is logged and ignored, as the Supabase server does (docs/realtime-protocol.md 2.2).</para>
/// </remarks>
internal sealed partial class RealtimeSession
{
    private static long s_ids;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, ChannelMember> _channels = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closeRequested = new();
    private RealtimeCloseReason? _closeReason;
    private int _closing;
    private bool _terminated;
    private long _lastActivity;

    public RealtimeSession(RealtimeHub hub, PhoenixSerializer serializer, VerifiedToken connectToken, string connectTokenRaw, string headersJson)
    {
        Hub = hub;
        Id = "c" + Interlocked.Increment(ref s_ids).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Serializer = serializer;
        ConnectToken = connectToken;
        ConnectTokenRaw = connectTokenRaw;
        HeadersJson = headersJson;
        Outbound = new OutboundQueue(hub.Options.MaxOutboundFrames, hub.Options.MaxOutboundBytes);
        _lastActivity = hub.Time.GetTimestamp();
    }

    public RealtimeHub Hub { get; }

    /// <summary>Short id for logs (<c>c42</c>).</summary>
    public string Id { get; }

    public PhoenixSerializer Serializer { get; }

    /// <summary>The identity the connection authenticated with (apikey); channels use it unless they bring their own token.</summary>
    public VerifiedToken ConnectToken { get; }

    public string ConnectTokenRaw { get; }

    /// <summary>The connection's <c>x-*</c> headers as a JSON object, for <c>request.headers</c> in channel policies.</summary>
    public string HeadersJson { get; }

    public OutboundQueue Outbound { get; }

    /// <summary>Signalled once the server decides to close this connection.</summary>
    public CancellationToken CloseRequested => _closeRequested.Token;

    public RealtimeCloseReason CloseReason => Volatile.Read(ref _closeReason) ?? RealtimeCloseReason.ClientClosed;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last frame received.</summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>Joined channels (read by tests and the connection loop).</summary>
    public int ChannelCount => _channels.Count;

    /// <summary>Handles one complete frame from the client.</summary>
    public async ValueTask ProcessFrameAsync(PhoenixFrameType type, ReadOnlySequence<byte> frame)
    {
        Volatile.Write(ref _lastActivity, Hub.Time.GetTimestamp());
        Hub.Metrics.FrameReceived();

        // Parsing is pure, so it happens before taking the gate; the payload is copied out of the
        // transport's buffer here, which the transport reuses after this call.
        if (type == PhoenixFrameType.Binary)
        {
            if (!Serializer.SupportsBinaryFrames)
            {
                Malformed("UnsupportedBinaryFrame", "binary frames need vsn 2.0.0");
                return;
            }

            var push = PhoenixBinarySerializer.ParseUserBroadcastPush(frame);
            if (!push.IsSuccess)
            {
                Malformed(push.Error.Code.ToString(), push.Error.Message);
                return;
            }

            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!_terminated)
                {
                    Hub.Broadcasts.HandleBinary(this, push.Value);
                }
            }
            finally
            {
                _gate.Release();
            }

            return;
        }

        var parsed = Serializer.Parse(frame);
        if (!parsed.IsSuccess)
        {
            Malformed(parsed.Error.Code.ToString(), parsed.Error.Message);
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_terminated)
            {
                await DispatchAsync(parsed.Value).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private ValueTask DispatchAsync(PhoenixMessage message)
    {
        if (message.Topic == PhoenixEventNames.PhoenixTopic && message.Event == PhoenixEventNames.Heartbeat)
        {
            Reply(message.JoinRef, message.Ref, message.Topic, PhoenixReplyStatus.Ok, ServerPayloads.Empty);
            return ValueTask.CompletedTask;
        }

        if (message.Event == PhoenixEventNames.PhxJoin)
        {
            return Hub.Joins.HandleJoinAsync(this, message);
        }

        var member = FindMember(message.Topic);
        if (message.Event == PhoenixEventNames.PhxLeave)
        {
            Hub.Joins.HandleLeave(this, member, message);
            return ValueTask.CompletedTask;
        }

        if (member is null)
        {
            // Phoenix answers pushes to a topic this socket has not joined with an error reply.
            if (message.Ref is not null)
            {
                Reply(message.JoinRef, message.Ref, message.Topic, PhoenixReplyStatus.Error, ServerPayloads.Reason(RealtimeErrors.UnmatchedTopic));
            }

            return ValueTask.CompletedTask;
        }

        switch (message.Event)
        {
            case PhoenixEventNames.Broadcast:
                Hub.Broadcasts.HandleText(this, member, message);
                return ValueTask.CompletedTask;
            case PhoenixEventNames.Presence:
                Hub.Presences.Handle(this, member, message);
                return ValueTask.CompletedTask;
            case PhoenixEventNames.AccessToken:
                return Hub.AccessTokens.HandleAsync(this, member, message);
            default:
                // Supabase logs unexpected client events and does not reply.
                Log.UnexpectedEvent(Hub.Logger, Id, message.Topic, message.Event);
                return ValueTask.CompletedTask;
        }
    }

    private void Malformed(string code, string detail)
    {
        Hub.Metrics.MalformedFrame();
        Log.MalformedFrame(Hub.Logger, Id, code, detail);
    }
}
