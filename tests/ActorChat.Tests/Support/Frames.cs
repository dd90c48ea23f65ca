using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Server.Delivery;
using Akka.IO;

namespace ActorChat.Tests.Support;

/// <summary>Encoding and decoding helpers for tests that look at bytes on the wire.</summary>
public static class Frames
{
    public static ServerEvent Decode(Deliver deliver) => DecodeAll(deliver.Frames).Single();

    /// <summary>Every event in a chunk of written bytes (one or more complete frames).</summary>
    public static List<ServerEvent> DecodeAll(ByteString bytes) => DecodeAll(bytes.ToArray());

    /// <summary>Every event in a chunk of written bytes (one or more complete frames).</summary>
    public static List<ServerEvent> DecodeAll(byte[] text)
    {
        var events = new List<ServerEvent>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != (byte)'\n') continue;
            var result = ProtocolSerializer.DecodeEvent(text.AsSpan(start, i - start));
            Assert.True(result.IsSuccess, $"server wrote an undecodable frame: {result.Error}");
            events.Add(result.Value!);
            start = i + 1;
        }
        Assert.Equal(text.Length, start); // writes end on a frame boundary
        return events;
    }

    /// <summary>
    /// A probe standing for a member's session and its connection at once (rooms write to the port).
    /// Its node is <paramref name="node"/>, by default <see cref="Akka.Actor.ActorRefs.Nobody"/>: the
    /// node of a room made with <see cref="Akka.Actor.ActorRefs.Nobody"/> as its own (the member is local).
    /// </summary>
    public static MemberPort Port(this Akka.TestKit.TestProbe probe, Akka.Actor.IActorRef? node = null) => new(new ActorChat.Server.Transport.AkkaIo.AkkaIoConnection(probe), probe, node ?? Akka.Actor.ActorRefs.Nobody);

    /// <summary>
    /// The next frames the probe receives, whichever way they came: through its session
    /// (<see cref="Deliver"/>) or written straight to its connection by a room (<see cref="Tcp.Write"/>).
    /// </summary>
    public static Deliver ExpectFrame(this Akka.TestKit.TestProbe probe) => probe.ExpectMsg<object>(m => m is Deliver or Tcp.Write) switch
    {
        Deliver d => d,
        Tcp.Write w => new Deliver(w.Data.ToArray()),
        var other => throw new InvalidOperationException($"unexpected {other}"),
    };

    public static T As<T>(this Deliver deliver) where T : ServerEvent => Assert.IsType<T>(Decode(deliver));

    /// <summary>
    /// The next <paramref name="count"/> events the probe is sent, however they are batched
    /// (a room broadcasts the messages stored together as one delivery of several frames).
    /// </summary>
    public static List<T> ExpectEvents<T>(this Akka.TestKit.TestProbe probe, int count) where T : ServerEvent
    {
        var events = new List<T>();
        while (events.Count < count)
            events.AddRange(DecodeAll(probe.ExpectFrame().Frames).Select(e => Assert.IsType<T>(e)));
        Assert.Equal(count, events.Count);
        return events;
    }

    public static ByteString Request(ClientRequest request) => ByteString.FromBytes(ProtocolSerializer.EncodeRequest(request));

    public static ByteString Raw(string text) => ByteString.FromString(text);
}
