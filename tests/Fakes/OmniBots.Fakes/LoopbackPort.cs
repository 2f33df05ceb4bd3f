using System.Net;
using System.Net.Sockets;

namespace OmniBots.Fakes;

/// <summary>Free TCP ports on 127.0.0.1 for fakes that cannot bind port 0 themselves (child processes).</summary>
public static class LoopbackPort
{
    /// <summary>A port that was free a moment ago. Another process may take it before the fake binds it,
    /// so callers retry on a new port when the fake fails to start.</summary>
    public static int GetFree()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
