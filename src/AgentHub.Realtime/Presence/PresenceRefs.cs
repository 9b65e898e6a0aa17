using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace AgentHub.Realtime.Presence;

/// <summary>
/// Unique opaque <c>phx_ref</c> values: 16 base64url characters from a per-process random prefix
/// and a counter, so they never repeat within a process and rarely across processes. Clients
/// never parse them (docs/realtime-protocol.md 5.2).
/// </summary>
internal static class PresenceRefs
{
    private static readonly uint s_prefix = BinaryPrimitives.ReadUInt32LittleEndian(RandomNumberGenerator.GetBytes(4));
    private static long s_counter;

    public static string Next()
    {
        Span<byte> bytes = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, s_prefix);
        BinaryPrimitives.WriteInt64BigEndian(bytes[4..], Interlocked.Increment(ref s_counter));
        return Base64Url.EncodeToString(bytes);
    }
}
