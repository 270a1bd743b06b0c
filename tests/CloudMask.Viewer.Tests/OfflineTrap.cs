using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CloudMask.Viewer.Tests;

/// <summary>
/// A proxy that lets nothing through: the browser is told to send every request that is not for
/// this machine here (Chromium always reaches loopback directly), and each one is recorded and
/// answered 502. A test that sees <see cref="Requests"/> non-empty saw the page try to go online.
/// </summary>
public sealed class OfflineTrap : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _requests = new();

    public OfflineTrap()
    {
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>The proxy address to give the browser.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The first line of every request that reached the trap ("CONNECT host:443 HTTP/1.1", "GET http://...").</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Forgets what was recorded (a test that starts a fresh page starts a fresh record).</summary>
    public void Clear() => _requests.Clear();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[4096];
                        var read = await stream.ReadAsync(buffer, _stop.Token);
                        var text = Encoding.ASCII.GetString(buffer, 0, read);
                        _requests.Enqueue(text.Split("\r\n")[0]);
                        await stream.WriteAsync("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException or SocketException) { /* the browser gave up first */ }
                }
            });
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
