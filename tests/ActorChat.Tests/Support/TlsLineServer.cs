using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ActorChat.Tests.Support;

/// <summary>
/// A stand-in for the server's TLS port (not on main yet), one connection at a time on a
/// loopback port: TLS over TCP with a PEM certificate, LF-terminated lines inside. It
/// counts every application byte it receives, so a test can show a refused client sent none.
/// Every wait is bounded, so a broken client fails a test instead of hanging it.
/// </summary>
public sealed class TlsLineServer : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly SslProtocols _protocols;
    private readonly List<byte> _unread = [];
    private readonly List<string> _lines = [];
    private X509Certificate2 _certificate;
    private TcpClient? _client;
    private SslStream? _stream;

    private TlsLineServer(TcpListener listener, X509Certificate2 certificate, SslProtocols protocols)
    {
        _listener = listener;
        _certificate = certificate;
        _protocols = protocols;
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Application bytes received on every connection so far (handshakes not counted).</summary>
    public long BytesReceived { get; private set; }

    /// <summary>Application bytes received on the current connection.</summary>
    public long ConnectionBytesReceived { get; private set; }

    /// <summary>The lines received so far, without their LF.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>The TLS version of the current connection, once its handshake is done.</summary>
    public SslProtocols? Protocol => _stream?.IsAuthenticated == true ? _stream.SslProtocol : null;

    /// <param name="protocols">The TLS versions to offer; default 1.2 and 1.3.</param>
    public static TlsLineServer Start(PemPair certificate, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new TlsLineServer(listener, Load(certificate), protocols);
    }

    /// <summary>The certificate for the next connections (a server whose certificate changed).</summary>
    public void UseCertificate(PemPair certificate)
    {
        _certificate.Dispose();
        _certificate = Load(certificate);
    }

    /// <summary>
    /// Accepts the next connection and runs the server's side of the handshake; false when the
    /// client broke it off (as when it refuses the certificate). The previous connection is dropped.
    /// </summary>
    public async Task<bool> AcceptAsync()
    {
        DropConnection();
        _client = await _listener.AcceptTcpClientAsync().WaitAsync(Patience);
        _client.NoDelay = true;
        _stream = new SslStream(_client.GetStream(), leaveInnerStreamOpen: false);
        var options = new SslServerAuthenticationOptions { ServerCertificate = _certificate, EnabledSslProtocols = _protocols };
        try
        {
            await _stream.AuthenticateAsServerAsync(options).WaitAsync(Patience);
            return true;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return false;
        }
    }

    /// <summary>The next line the client sent, without its LF; null when the client closed.</summary>
    public async Task<string?> ReadLineAsync()
    {
        while (true)
        {
            var lf = _unread.IndexOf((byte)'\n');
            if (lf >= 0)
            {
                var line = Encoding.UTF8.GetString(_unread.GetRange(0, lf).ToArray());
                _unread.RemoveRange(0, lf + 1);
                _lines.Add(line);
                return line;
            }
            if (await ReadAsync() == 0) return null;
        }
    }

    /// <summary>Reads until the client closes the connection (or it breaks); returns the application bytes it sent on it in all.</summary>
    public async Task<long> ReadToEndAsync()
    {
        while (await ReadAsync() > 0)
        {
        }
        return ConnectionBytesReceived;
    }

    public async Task WriteAsync(string text)
    {
        await Stream.WriteAsync(Encoding.UTF8.GetBytes(text)).AsTask().WaitAsync(Patience);
        await Stream.FlushAsync();
    }

    /// <summary>Closes the connection with a TLS close_notify and a FIN, as a server does after <c>bye</c>.</summary>
    public async Task CloseConnectionAsync()
    {
        if (_stream?.IsAuthenticated == true)
        {
            try { await _stream.ShutdownAsync().WaitAsync(Patience); } catch (IOException) { }
        }
        _client?.Client.Shutdown(SocketShutdown.Both);
        DropConnection();
    }

    public ValueTask DisposeAsync()
    {
        DropConnection();
        _listener.Stop();
        _listener.Dispose();
        _certificate.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Reads what is there (at most one TLS record's worth); 0 at the end of the stream, or when it broke.</summary>
    private async Task<int> ReadAsync()
    {
        if (_stream is not { IsAuthenticated: true } stream) return 0;
        var buffer = new byte[4096];
        int read;
        try
        {
            read = await stream.ReadAsync(buffer).AsTask().WaitAsync(Patience);
        }
        catch (IOException)
        {
            read = 0;
        }
        BytesReceived += read;
        ConnectionBytesReceived += read;
        _unread.AddRange(buffer.AsSpan(0, read).ToArray());
        return read;
    }

    private void DropConnection()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _stream = null;
        _client = null;
        _unread.Clear();
        ConnectionBytesReceived = 0;
    }

    private SslStream Stream => _stream ?? throw new InvalidOperationException("AcceptAsync first");

    private static X509Certificate2 Load(PemPair pair) => X509Certificate2.CreateFromPemFile(pair.CertificateFile, pair.KeyFile);
}
