using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ActorChat.Bench.TlsChoice;

/// <summary>
/// (B) The line echo on a socket of our own: a <see cref="TcpListener"/> accept loop,
/// <see cref="SslStream.AuthenticateAsServerAsync(SslServerAuthenticationOptions, CancellationToken)"/>, then every
/// complete line read is written back, one write per read. Written as a tuned server would be: the
/// certificate context is built once, and an idle connection waits with a zero-byte read, holding
/// no buffer (rented from the pool only while bytes are there).
/// </summary>
public sealed class SslStreamEchoServer : IEchoServer
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly SslServerAuthenticationOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private SslStreamEchoServer(X509Certificate2 certificate)
    {
        _options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true),
        };
        _listener.Start(backlog: 1024);
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static SslStreamEchoServer Start(X509Certificate2 certificate) => new(certificate);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                socket.NoDelay = true;
                _ = ServeAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        byte[]? buffer = null;
        try
        {
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                handshake.CancelAfter(TimeSpan.FromSeconds(10)); // as Kestrel's default handshake timeout
                await tls.AuthenticateAsServerAsync(_options, handshake.Token);
            }
            var pending = 0;
            while (true)
            {
                if (pending == 0)
                {
                    if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
#pragma warning disable CA2022 // a zero-byte read returns no bytes: it waits until some can be read
                    await tls.ReadAsync(Memory<byte>.Empty, _stop.Token); // idle: wait for bytes without a buffer
#pragma warning restore CA2022
                }
                buffer ??= ArrayPool<byte>.Shared.Rent(4096);
                if (pending == buffer.Length) return; // a line longer than the buffer: not this protocol
                var n = await tls.ReadAsync(buffer.AsMemory(pending), _stop.Token);
                if (n == 0) return;
                pending += n;
                var last = buffer.AsSpan(0, pending).LastIndexOf((byte)'\n');
                if (last < 0) continue;
                await tls.WriteAsync(buffer.AsMemory(0, last + 1), _stop.Token);
                pending -= last + 1;
                buffer.AsSpan(last + 1, pending).CopyTo(buffer);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException)
        {
            // the client went away, or failed its handshake
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
