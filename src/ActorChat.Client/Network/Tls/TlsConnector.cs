using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using ActorChat.Client.Output;

namespace ActorChat.Client.Network.Tls;

/// <summary>How a TLS connect went: the authenticated stream and where it goes, or why there is none (and the exception, for the log).</summary>
public sealed record TlsOutcome(SslStream? Stream, EndPoint? Remote, TransportEnded? Failure, Exception? Cause)
{
    public static TlsOutcome Connected(SslStream stream, EndPoint remote) => new(stream, remote, null, null);

    public static TlsOutcome Failed(ConnectionEndKind kind, string detail, Exception? cause = null) => new(null, null, new TransportEnded(kind, detail), cause);
}

/// <summary>
/// Makes a TLS connection: a TCP connect on the given socket, then SslStream's client
/// handshake (TLS 1.2 or 1.3 only), the server's certificate judged by a
/// <see cref="ServerCertificateCheck"/>. Never sends a byte of the chat protocol.
/// </summary>
public static class TlsConnector
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Plain words for a connect that failed below TLS, the same as over plain TCP.</summary>
    public const string ConnectFailedDetail = "refused, unreachable or timed out";

    /// <param name="socket">Not yet connected; the caller owns it (and disposes it, also on failure).</param>
    /// <param name="host">The name the certificate must be for (and the SNI).</param>
    /// <exception cref="OperationCanceledException">When <paramref name="token"/> is cancelled.</exception>
    public static async Task<TlsOutcome> ConnectAsync(Socket socket, EndPoint server, string host, ServerCertificateCheck check, CancellationToken token)
    {
        try
        {
            await socket.ConnectAsync(server, token);
        }
        catch (SocketException e)
        {
            return TlsOutcome.Failed(ConnectionEndKind.ConnectFailed, ConnectFailedDetail, e);
        }

        var stream = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            EnabledSslProtocols = Protocols,
            RemoteCertificateValidationCallback = check.Validate,
        };
        try
        {
            await stream.AuthenticateAsClientAsync(options, token);
            return TlsOutcome.Connected(stream, socket.RemoteEndPoint ?? server);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException)
        {
            await stream.DisposeAsync();
            if (check.Refusal is { } refusal) return TlsOutcome.Failed(ConnectionEndKind.CertificateRejected, refusal, e);
            return TlsOutcome.Failed(
                ConnectionEndKind.ConnectFailed,
                $"the TLS handshake failed ({TerminalText.EscapeSingleLine(e.Message)}); is it the server's TLS port?",
                e);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }
}
