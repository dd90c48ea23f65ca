using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace ActorChat.Bench;

/// <summary>The line stream inside TLS (1.2 or 1.3, as the server offers), over a socket of <see cref="BenchSocket"/>.</summary>
public sealed class TlsWire : BenchWire
{
    private readonly SslStream _tls;

    private TlsWire(SslStream tls) => _tls = tls;

    /// <summary>What the bench's TLS clients offer: any certificate is trusted (a test certificate on loopback).</summary>
    public static SslClientAuthenticationOptions ClientOptions(string targetHost) => new()
    {
        TargetHost = targetHost,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        RemoteCertificateValidationCallback = (_, _, _, _) => true,
    };

    public static async Task<TlsWire> ConnectAsync(IPEndPoint server, IPAddress? source)
    {
        var socket = await BenchSocket.ConnectAsync(server, source);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        try
        {
            await tls.AuthenticateAsClientAsync(ClientOptions("localhost"));
            return new TlsWire(tls);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    public override ValueTask<int> ReceiveAsync(Memory<byte> buffer) => _tls.ReadAsync(buffer);

    public override ValueTask SendAsync(ReadOnlyMemory<byte> lines) => _tls.WriteAsync(lines);

    public override void Dispose() => _tls.Dispose();
}
