using System.Net;
using System.Net.Sockets;

namespace ActorChat.Tests.Support;

/// <summary>
/// A real TCP proxy on loopback (port 0) in front of a server, to make that server go away
/// for the process behind it and come back: <see cref="Cut"/> closes every proxied
/// connection and closes new ones at once (as a stopped server refuses them), <see cref="Restore"/>
/// forwards again. <see cref="Deafen"/> drops what the server sends while the connections stay
/// open, as a network that fails one way: the server goes on delivering, and the process behind
/// the proxy hears nothing.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(TcpClient Inbound, TcpClient Outbound)> _pairs = new();
    private readonly Task _accepting;
    private volatile bool _cut;
    private volatile bool _deaf;

    public TcpProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Cut()
    {
        _cut = true;
        lock (_pairs)
        {
            foreach (var (inbound, outbound) in _pairs)
            {
                inbound.Client.LingerState = new LingerOption(true, 0); // a reset, as from a dead server
                inbound.Dispose();
                outbound.Dispose();
            }
            _pairs.Clear();
        }
    }

    /// <summary>From now on, bytes from the server are read and dropped (the client's still reach the server), until <see cref="Restore"/>.</summary>
    public void Deafen() => _deaf = true;

    public void Restore()
    {
        _deaf = false;
        _cut = false;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await _listener.AcceptTcpClientAsync(_stopping.Token); }
            catch (Exception) when (_stopping.IsCancellationRequested) { return; }
            if (_cut)
            {
                inbound.Client.LingerState = new LingerOption(true, 0);
                inbound.Dispose();
                continue;
            }
            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(_target, _stopping.Token);
            lock (_pairs) _pairs.Add((inbound, outbound));
            await Task.WhenAny(Pump(inbound, outbound, fromServer: false), Pump(outbound, inbound, fromServer: true));
        }
        catch (Exception) { } // a cut or a stop: both sides are closed below
        finally
        {
            lock (_pairs) _pairs.Remove((inbound, outbound));
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    private async Task Pump(TcpClient from, TcpClient to, bool fromServer)
    {
        var buffer = new byte[16 * 1024];
        var source = from.GetStream();
        var sink = to.GetStream();
        int read;
        while ((read = await source.ReadAsync(buffer, _stopping.Token)) > 0)
        {
            if (fromServer && _deaf) continue;
            await sink.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        Cut();
        await _accepting;
    }
}
