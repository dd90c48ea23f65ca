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

/// <summary>
/// Akka.IO's connection over a real socket, as the session closes it: the bye and the close right
/// behind a write still in flight, and both frames arrive before the end of the stream. (Akka.IO
/// still sends a write that comes after the close while the earlier ones are flushing: hence a
/// room's frame may follow the bye on plain TCP, docs/protocol.md "what may follow bye".)
/// </summary>
public sealed class AkkaIoConnectionCloseTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public async Task A_close_right_behind_writes_in_flight_sends_them_all_then_ends_the_stream()
    {
        Akka.IO.Tcp.Manager(Sys).Tell(new Tcp.Bind(TestActor, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)));
        var bound = ExpectMsg<Tcp.Bound>();
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, ((System.Net.IPEndPoint)bound.LocalAddress).Port);
        ExpectMsg<Tcp.Connected>();
        var connection = new AkkaIoConnection(LastSender);
        connection.Register(TestActor);

        connection.Write(ByteString.FromString("in flight\n"), TestActor, acknowledge: true);
        connection.Write(ByteString.FromString("bye\n"), TestActor);
        connection.Close(TestActor);

        // The client reads to the end of the stream (the half-close), then closes its side.
        var stream = client.GetStream();
        var received = await new StreamReader(stream).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        client.Client.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        Assert.Equal("in flight\nbye\n", received);
        FishForMessage(m => m is Tcp.ConfirmedClosed, TimeSpan.FromSeconds(10));
    }
}
