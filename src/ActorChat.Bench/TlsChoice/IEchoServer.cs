namespace ActorChat.Bench.TlsChoice;

/// <summary>A TLS line-echo server on loopback: (A) <see cref="KestrelEchoServer"/> or (B) <see cref="SslStreamEchoServer"/>.</summary>
public interface IEchoServer : IAsyncDisposable
{
    int Port { get; }
}
