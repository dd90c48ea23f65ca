using ActorChat.Server.Network;
using ActorChat.Server.Transport;
using Akka.Actor;
using Akka.IO;

namespace ActorChat.Tests.Server.Network;

/// <summary>
/// The session's writing half. Rooms write to the same connection directly, so the bye must be
/// followed by the close at once: anything a room writes later lands behind the close.
/// </summary>
public sealed class ConnectionWriterTests
{
    /// <summary>A connection that writes down what it was told, in order.</summary>
    private sealed record RecordingConnection() : ClientConnection(ActorRefs.Nobody)
    {
        public List<string> Calls { get; } = [];
        public override TransportKind Kind => TransportKind.Tcp;
        public override void Register(IActorRef session) { }
        public override void Write(ByteString frames, IActorRef sender, bool acknowledge = false) =>
            Calls.Add("write " + frames.ToString().Replace("\n", "|"));
        public override void Close(IActorRef sender) => Calls.Add("close");
        public override void Abort(IActorRef sender) => Calls.Add("abort");
        public override ConnectionEvent? Read(object message) => null;
    }

    private static ByteString Frame(string text) => ByteString.FromString(text + "\n");

    [Fact]
    public void The_last_frame_and_the_close_follow_a_write_in_flight_at_once_and_nothing_is_written_after()
    {
        var connection = new RecordingConnection();
        var writer = new ConnectionWriter(connection, ActorRefs.Nobody, 1000);

        Assert.True(writer.TryWrite(Frame("one")));      // in flight
        Assert.True(writer.TryWrite(Frame("two")));      // queued behind it
        writer.WriteLastAndClose(Frame("bye"), dropQueued: false);
        writer.OnAck();
        Assert.True(writer.TryWrite(Frame("late")));     // accepted, never written
        writer.OnAck();

        Assert.Equal(["write one|", "write two|bye|", "close"], connection.Calls);
    }

    [Fact]
    public void A_slow_consumer_s_bye_skips_what_is_queued_but_not_the_write_in_flight()
    {
        var connection = new RecordingConnection();
        var writer = new ConnectionWriter(connection, ActorRefs.Nobody, 1000);

        writer.TryWrite(Frame("one"));
        writer.TryWrite(Frame("two"));
        writer.WriteLastAndClose(Frame("bye"), dropQueued: true);
        writer.WriteLastAndClose(Frame("second bye"), dropQueued: false);

        Assert.Equal(["write one|", "write bye|", "close"], connection.Calls);
    }

    [Fact]
    public void With_nothing_in_flight_the_bye_goes_out_then_the_close()
    {
        var connection = new RecordingConnection();
        var writer = new ConnectionWriter(connection, ActorRefs.Nobody, 1000);

        writer.WriteLastAndClose(Frame("bye"), dropQueued: false);

        Assert.Equal(["write bye|", "close"], connection.Calls);
        Assert.True(writer.IsClosing);
    }
}
