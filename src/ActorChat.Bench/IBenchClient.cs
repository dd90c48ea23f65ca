using System.Net;

namespace ActorChat.Bench;

/// <summary>Which wire protocol the broadcast scenarios speak.</summary>
public enum BenchProtocol
{
    /// <summary>ActorChat JSON lines; a room post comes back to its sender too.</summary>
    ActorChat,

    /// <summary>IRC (RFC 1459/2812 subset); servers do not echo a sender's own PRIVMSG.</summary>
    Irc,
}

/// <summary>One load connection, whatever protocol it speaks (<see cref="LoadClient"/>, <see cref="IrcLoadClient"/>).</summary>
public interface IBenchClient : IAsyncDisposable
{
    int Index { get; }

    /// <summary>
    /// Posts <paramref name="count"/> timed messages (<see cref="BenchText"/>) to <paramref name="room"/>,
    /// numbered from <paramref name="firstSequence"/>, in one socket write.
    /// </summary>
    Task PostAsync(string room, long firstSequence, int count, byte[] padding);

    /// <summary>Round trip to the server; false when no answer came within <paramref name="patience"/>.</summary>
    Task<bool> PingAsync(TimeSpan patience);
}

public static class BenchClients
{
    /// <summary>Whether the server sends a room post back to its sender (ActorChat does, IRC does not).</summary>
    public static bool EchoesSender(this BenchProtocol protocol) => protocol == BenchProtocol.ActorChat;

    /// <param name="transport">ActorChat only: what the server's port speaks (IRC is plain TCP).</param>
    public static async Task<IBenchClient> ConnectAsync(BenchProtocol protocol, IPEndPoint server, IPAddress? source, int index, string room, DeliveryLog log,
        BenchTransport transport = BenchTransport.Tcp) =>
        protocol switch
        {
            BenchProtocol.Irc when transport != BenchTransport.Tcp => throw new ArgumentException("IRC load runs over plain TCP only", nameof(transport)),
            BenchProtocol.Irc => await IrcLoadClient.ConnectAsync(server, source, index, room, log),
            _ => await LoadClient.ConnectAsync(server, source, index, room, log, transport: transport),
        };
}
