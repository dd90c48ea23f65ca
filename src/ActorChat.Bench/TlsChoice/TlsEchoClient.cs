using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ActorChat.Bench.TlsChoice;

/// <summary>One client of the echo servers: TCP, a full TLS 1.3 handshake trusting only the test certificate, then lines echoed.</summary>
public sealed class TlsEchoClient : IAsyncDisposable
{
    private readonly SslStream _tls;
    private readonly byte[] _buffer = new byte[4096];

    private TlsEchoClient(SslStream tls) => _tls = tls;

    public SslProtocols Protocol => _tls.SslProtocol;

    /// <summary>
    /// TLS 1.3 with no session resumption (every connect is a full handshake: key exchange and
    /// the server's signature), and the certificate checked against the test certificate as the only root.
    /// </summary>
    public static SslClientAuthenticationOptions Options(X509Certificate2 trusted)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(trusted);
        return new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls13,
            AllowTlsResume = false,
            CertificateChainPolicy = policy,
        };
    }

    public static async Task<TlsEchoClient> ConnectAsync(int port, SslClientAuthenticationOptions options)
    {
        var socket = await BenchSocket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), null);
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        try
        {
            await tls.AuthenticateAsClientAsync(options);
            return new TlsEchoClient(tls);
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="line"/> (ending with LF) and reads until it has come back.</summary>
    public async Task EchoAsync(ReadOnlyMemory<byte> line)
    {
        await _tls.WriteAsync(line);
        var received = 0;
        while (received < line.Length)
        {
            var n = await _tls.ReadAsync(_buffer.AsMemory(received, line.Length - received));
            if (n == 0) throw new IOException("the echo server closed the connection");
            received += n;
        }
        if (_buffer[line.Length - 1] != (byte)'\n') throw new IOException("the echo is not the line sent");
    }

    public ValueTask DisposeAsync() => _tls.DisposeAsync();
}
