using System.Buffers;
using System.Net.WebSockets;
using AgentHub.Protocol.Phoenix;

namespace AgentHub.Realtime.Tests.Support;

/// <summary>A client over a real <see cref="ClientWebSocket"/> to the in-process hub.</summary>
public sealed class WebSocketTestClient : TestClient
{
    private readonly ClientWebSocket _socket;

    private WebSocketTestClient(ClientWebSocket socket, string vsn)
        : base(vsn) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<WebSocketTestClient> ConnectAsync(Uri apiUrl, string vsn, string apiKey, string path = "/realtime/v1/websocket", bool startReceiving = true)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(apiUrl) { Scheme = apiUrl.Scheme == "https" ? "wss" : "ws", Path = path, Query = $"apikey={Uri.EscapeDataString(apiKey)}&vsn={vsn}" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        var client = new WebSocketTestClient(socket, vsn);
        if (startReceiving) client.StartReceiving();
        return client;
    }

    public Task CloseAsync() => _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

    public override ValueTask DisposeAsync()
    {
        _socket.Abort();
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    protected override ValueTask SendFrameAsync(PhoenixFrameType type, byte[] bytes) =>
        _socket.SendAsync(bytes.AsMemory(), type == PhoenixFrameType.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    protected override async ValueTask<(PhoenixFrameType Type, byte[] Bytes)?> ReadFrameAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                ReportClosed((int)(_socket.CloseStatus ?? 0), _socket.CloseStatusDescription ?? "");
                return null;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType == WebSocketMessageType.Binary ? PhoenixFrameType.Binary : PhoenixFrameType.Text, buffer.WrittenSpan.ToArray());
            }
        }
    }
}
