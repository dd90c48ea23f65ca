using ActorChat.Server.Transport;
using ActorChat.Server.Transport.AkkaIo;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Tests.Server.Transport;

/// <summary>Plain TCP is Akka.IO's own connection actor: what its messages mean to a session.</summary>
public sealed class AkkaIoConnectionTests
{
    private readonly AkkaIoConnection _connection = new(ActorRefs.Nobody);

    [Fact]
    public void Akka_IO_s_events_read_as_the_seam_s()
    {
        var data = ByteString.FromString("{}\n");
        Assert.Same(data, Assert.IsType<BytesReceived>(_connection.Read(new Tcp.Received(data))).Data);
        Assert.Same(WriteRefused.Instance, _connection.Read(new Tcp.CommandFailed(Tcp.Write.Create(data))));
        Assert.IsType<ConnectionEnded>(_connection.Read(Tcp.PeerClosed.Instance));
        Assert.IsType<ConnectionEnded>(_connection.Read(Tcp.ConfirmedClosed.Instance));
        Assert.Contains("reset", Assert.IsType<ConnectionEnded>(_connection.Read(new Tcp.ErrorClosed("connection reset"))).Detail);
        Assert.IsType<ConnectionEnded>(_connection.Read(new Tcp.CommandFailed(Tcp.ConfirmedClose.Instance)));
        Assert.Null(_connection.Read("something else"));
        Assert.Equal(TransportKind.Tcp, _connection.Kind);
    }
}
