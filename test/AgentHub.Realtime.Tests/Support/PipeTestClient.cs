using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using AgentHub.Protocol.Phoenix;
using AgentHub.Realtime.Transport;

namespace AgentHub.Realtime.Tests.Support;

/// <summary>A client wired to a session through two in-memory pipes and <see cref="PipeFrameTransport"/>.</summary>
internal sealed class PipeTestClient : TestClient
{
    private readonly Pipe _toServer = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _toClient;
    private readonly Task _server;

    public PipeTestClient(RealtimeHub hub, RealtimeSession session, string vsn, long clientBufferBytes)
        : base(vsn)
    {
        // The client-side pause threshold plays the TCP window: a client that stops reading blocks the server's writer.
        _toClient = new Pipe(new PipeOptions(pauseWriterThreshold: clientBufferBytes, resumeWriterThreshold: clientBufferBytes / 2, useSynchronizationContext: false));
        Session = session;
        Transport = new PipeFrameTransport(new DuplexPipe(_toServer.Reader, _toClient.Writer));
        _server = Task.Run(() => hub.RunAsync(session, Transport));
    }

    public RealtimeSession Session { get; }

    public PipeFrameTransport Transport { get; }

    /// <summary>Completes when the server side has fully ended the connection.</summary>
    public Task ServerDone => _server;

    /// <summary>Closes like a client: a close frame, then end of input.</summary>
    public async Task CloseAsync()
    {
        PipeFraming.WriteClose(_toServer.Writer, 1000, "");
        await _toServer.Writer.FlushAsync();
        await _toServer.Writer.CompleteAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await _toServer.Writer.CompleteAsync();
        await _toClient.Reader.CompleteAsync();
        await _server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    protected override async ValueTask SendFrameAsync(PhoenixFrameType type, byte[] bytes)
    {
        PipeFraming.WriteFrame(_toServer.Writer, type == PhoenixFrameType.Binary ? PipeFraming.BinaryKind : PipeFraming.TextKind, bytes);
        await _toServer.Writer.FlushAsync();
    }

    protected override async ValueTask<(PhoenixFrameType Type, byte[] Bytes)?> ReadFrameAsync()
    {
        while (true)
        {
            var result = await _toClient.Reader.ReadAsync();
            var buffer = result.Buffer;
            if (PipeFraming.TryReadFrame(ref buffer, out var kind, out var frame, out _))
            {
                var bytes = frame.ToArray();
                _toClient.Reader.AdvanceTo(buffer.Start);
                if (kind == PipeFraming.CloseKind)
                {
                    ReportClosed(BinaryPrimitives.ReadUInt16BigEndian(bytes), Encoding.UTF8.GetString(bytes, 2, bytes.Length - 2));
                    return null;
                }

                return (kind == PipeFraming.BinaryKind ? PhoenixFrameType.Binary : PhoenixFrameType.Text, bytes);
            }

            if (result.IsCompleted)
            {
                ReportClosed(1006, "");
                return null;
            }

            _toClient.Reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }
}
