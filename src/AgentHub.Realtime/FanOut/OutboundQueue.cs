using System.Threading.Channels;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.FanOut;

/// <summary>
/// One connection's bounded queue of frames waiting to be written. Any thread may enqueue (fan-out
/// from other connections, change capture, timers); one writer loop dequeues.
/// </summary>
/// <remarks>
/// Frames are shared, immutable byte arrays (serialized once per vsn), so the queue holds
/// references, not copies: 1024 queued frames of a 10 KB broadcast pin 10 KB per distinct message,
/// not 10 MB. The byte bound counts each frame's full length anyway, because it is what a stalled
/// client would make the hub keep alive. Enqueue never blocks: a full queue means the consumer is
/// too slow, and the caller disconnects it (see <see cref="EnqueueResult.Full"/>).
/// </remarks>
internal sealed class OutboundQueue
{
    private readonly Channel<PhoenixFrame> _frames;
    private readonly int _maxBytes;
    private long _bytes;
    private volatile bool _completed;

    public OutboundQueue(int maxFrames, int maxBytes)
    {
        MaxFrames = maxFrames;
        _maxBytes = maxBytes;
        _frames = System.Threading.Channels.Channel.CreateBounded<PhoenixFrame>(new BoundedChannelOptions(maxFrames)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            // The writer loop continues on the thread pool, never inline in a fan-out loop holding a channel lock.
            AllowSynchronousContinuations = false,
        });
    }

    public int MaxFrames { get; }

    public int MaxBytes => _maxBytes;

    /// <summary>Frames queued now.</summary>
    public int Count => _frames.Reader.Count;

    /// <summary>Bytes queued or being written now.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public EnqueueResult TryEnqueue(PhoenixFrame frame)
    {
        if (_completed)
        {
            return EnqueueResult.Closed;
        }

        var length = frame.Bytes.Length;
        var total = Interlocked.Add(ref _bytes, length);

        // A single frame above the byte bound still passes an otherwise empty queue, so a maximum-size
        // broadcast reaches a client whose queue is idle.
        if (total > _maxBytes && total != length)
        {
            Interlocked.Add(ref _bytes, -length);
            return EnqueueResult.Full;
        }

        if (_frames.Writer.TryWrite(frame))
        {
            return EnqueueResult.Queued;
        }

        Interlocked.Add(ref _bytes, -length);
        return _completed ? EnqueueResult.Closed : EnqueueResult.Full;
    }

    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _frames.Reader.WaitToReadAsync(cancellationToken);

    public bool TryDequeue(out PhoenixFrame frame) => _frames.Reader.TryRead(out frame);

    /// <summary>Called once a dequeued frame is written (or dropped), so its bytes stop counting.</summary>
    public void Release(PhoenixFrame frame) => Interlocked.Add(ref _bytes, -frame.Bytes.Length);

    /// <summary>No more frames are accepted; the writer drains what is queued, then stops.</summary>
    public void Complete()
    {
        _completed = true;
        _frames.Writer.TryComplete();
    }
}
