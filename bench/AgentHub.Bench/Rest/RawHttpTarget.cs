using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgentHub.Bench.Rest;

/// <summary>
/// A lean HTTP/1.1 load generator for the hub, the way wrk drives a server: one keep-alive socket per
/// closed-loop worker, the request written as one buffer, the answer read with as few receives as it
/// takes, its status checked and its body skipped by Content-Length (or chunked framing). It measures
/// the hub rather than the client: HttpClient spends about as much CPU per request as the hub's own
/// HTTP layer, and on a 2-core machine that CPU comes out of the hub's share.
/// </summary>
/// <remarks>
/// Written by hand because no package on the mirror is a load generator that runs in-process; wrk
/// would need installing and a Lua script per request shape. It understands only what the hub sends:
/// a status line, headers, then a body framed by Content-Length or chunked transfer coding.
/// </remarks>
internal sealed class RawHttpTarget : IAsyncDisposable
{
    private readonly IPEndPoint _endpoint;
    private readonly byte[] _fixedHeaders;
    private readonly Connection?[] _connections;

    public RawHttpTarget(Uri apiUrl, string apiKey, string token, int connections)
    {
        _endpoint = new IPEndPoint(IPAddress.Parse(apiUrl.Host), apiUrl.Port);
        _fixedHeaders = Encoding.ASCII.GetBytes($"Host: {apiUrl.Authority}\r\napikey: {apiKey}\r\nAuthorization: Bearer {token}\r\n");
        _connections = new Connection?[connections];
    }

    /// <summary>One request on the worker's own connection; true when the status is the expected one.</summary>
    public async Task<bool> SendAsync(int worker, RestScenario scenario, long id)
    {
        var connection = _connections[worker] ??= await Connection.OpenAsync(_endpoint).ConfigureAwait(false);
        var length = WriteRequest(connection.Output, scenario, id);
        await connection.Socket.SendAsync(connection.Output.AsMemory(0, length), SocketFlags.None).ConfigureAwait(false);
        return await connection.ReadResponseAsync().ConfigureAwait(false) == scenario.ExpectedStatus;
    }

    /// <summary>Encodes the request straight into the connection's buffer: no strings or arrays per request beyond the body's.</summary>
    private int WriteRequest(byte[] output, RestScenario scenario, long id)
    {
        var span = output.AsSpan();
        var position = 0;
        Ascii(scenario.Method.Method);
        Ascii(" /rest/v1/");
        Ascii(string.Format(System.Globalization.CultureInfo.InvariantCulture, scenario.PathAndQuery, id));
        Ascii(" HTTP/1.1\r\n");
        _fixedHeaders.CopyTo(span[position..]);
        position += _fixedHeaders.Length;
        if (scenario.Prefer is { } prefer)
        {
            Ascii("Prefer: ");
            Ascii(prefer);
            Ascii("\r\n");
        }
        if (scenario.Body?.Invoke(id) is { } body)
        {
            Ascii("Content-Type: application/json; charset=utf-8\r\nContent-Length: ");
            Utf8Formatter.TryFormat(Encoding.UTF8.GetByteCount(body), span[position..], out var digits);
            position += digits;
            Ascii("\r\n\r\n");
            position += Encoding.UTF8.GetBytes(body, span[position..]);
        }
        else
        {
            Ascii("\r\n");
        }
        return position;

        void Ascii(string text) => position += Encoding.ASCII.GetBytes(text, output.AsSpan(position));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            if (connection is null) continue;
            connection.Socket.Dispose();
            ArrayPool<byte>.Shared.Return(connection.Input);
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }

    private sealed class Connection(Socket socket)
    {
        public Socket Socket { get; } = socket;

        /// <summary>Large enough for the biggest request (100 rows of JSON).</summary>
        public byte[] Output { get; } = new byte[64 * 1024];

        public byte[] Input { get; private set; } = ArrayPool<byte>.Shared.Rent(64 * 1024);

        private int _start;
        private int _end;

        public static async Task<Connection> OpenAsync(IPEndPoint endpoint)
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(endpoint).ConfigureAwait(false);
            return new Connection(socket);
        }

        /// <summary>Reads one whole answer; returns its status code.</summary>
        public async Task<int> ReadResponseAsync()
        {
            int headerEnd;
            while ((headerEnd = Input.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0) await FillAsync().ConfigureAwait(false);
            var head = Input.AsSpan(_start, headerEnd);
            if (!Utf8Parser.TryParse(head["HTTP/1.1 ".Length..], out int status, out _)) throw new InvalidDataException("no status line");
            var contentLength = HeaderNumber(head, "\r\ncontent-length:"u8);
            var chunked = head.IndexOf("\r\nTransfer-Encoding: chunked"u8) >= 0 || head.IndexOf("\r\ntransfer-encoding: chunked"u8) >= 0;
            _start += headerEnd + 4;
            if (chunked)
            {
                await SkipChunksAsync().ConfigureAwait(false);
            }
            else
            {
                await SkipAsync(contentLength).ConfigureAwait(false);
            }
            return status;
        }

        private async Task SkipChunksAsync()
        {
            while (true)
            {
                int lineEnd;
                while ((lineEnd = Input.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0) await FillAsync().ConfigureAwait(false);
                if (!Utf8Parser.TryParse(Input.AsSpan(_start, lineEnd), out int size, out _, 'x')) throw new InvalidDataException("bad chunk size");
                _start += lineEnd + 2;
                await SkipAsync(size + 2).ConfigureAwait(false);
                if (size == 0) return;
            }
        }

        private async Task SkipAsync(int count)
        {
            while (_end - _start < count)
            {
                count -= _end - _start;
                _start = _end = 0;
                await FillAsync().ConfigureAwait(false);
            }
            _start += count;
        }

        private async Task FillAsync()
        {
            if (_start == _end)
            {
                _start = _end = 0;
            }
            else if (_end == Input.Length)
            {
                // Move what is left to the front (a header bigger than the buffer would not fit anyway).
                Input.AsSpan(_start, _end - _start).CopyTo(Input);
                _end -= _start;
                _start = 0;
            }
            var read = await Socket.ReceiveAsync(Input.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
            if (read == 0) throw new IOException("the hub closed the connection");
            _end += read;
        }

        /// <summary>A header's numeric value (name lower-case with its leading CRLF), matched case-insensitively; 0 if absent.</summary>
        private static int HeaderNumber(ReadOnlySpan<byte> head, ReadOnlySpan<byte> name)
        {
            for (var i = 0; i + name.Length <= head.Length; i++)
            {
                if (!Ascii.EqualsIgnoreCase(head.Slice(i, name.Length), name)) continue;
                var value = head[(i + name.Length)..].TrimStart(" "u8);
                return Utf8Parser.TryParse(value, out int number, out _) ? number : 0;
            }
            return 0;
        }
    }
}
