using System.Net;

namespace ActorChat.Bench;

/// <summary>The transports of <c>--transport</c>: what the port given to the bench speaks.</summary>
public enum BenchTransport
{
    /// <summary>The line protocol on plain TCP (the server's <c>--port</c>).</summary>
    Tcp,

    /// <summary>The line protocol inside TLS (the server's <c>--tls-port</c>).</summary>
    Tls,

    /// <summary>WebSocket at <c>ws://HOST:PORT/ws</c> (the server's <c>--http-port</c> without a certificate).</summary>
    Ws,

    /// <summary>WebSocket inside TLS at <c>wss://HOST:PORT/ws</c> (the server's <c>--http-port</c> with <c>--tls-cert</c>).</summary>
    Wss,
}

public static class BenchTransports
{
    /// <summary>
    /// Opens a wire of <paramref name="transport"/> to <paramref name="server"/>, from <paramref name="source"/> when given.
    /// TLS trusts any certificate: the bench measures a server on this machine's loopback with a test certificate.
    /// </summary>
    public static async Task<BenchWire> ConnectAsync(this BenchTransport transport, IPEndPoint server, IPAddress? source) =>
        transport switch
        {
            BenchTransport.Tls => await TlsWire.ConnectAsync(server, source),
            BenchTransport.Ws => await WebSocketWire.ConnectAsync(server, source, secure: false),
            BenchTransport.Wss => await WebSocketWire.ConnectAsync(server, source, secure: true),
            _ => new TcpWire(await BenchSocket.ConnectAsync(server, source)),
        };
}
