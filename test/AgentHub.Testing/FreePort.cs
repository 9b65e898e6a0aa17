using System.Net;
using System.Net.Sockets;

namespace AgentHub.Testing;

/// <summary>Loopback ports nobody listens on right now.</summary>
public static class FreePort
{
    /// <summary>Asks the kernel for a free port on 127.0.0.1.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
