using System.Net;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Support;

/// <summary>
/// A client that posts numbered lines one at a time, each with its own id, and waits for the
/// server's acknowledgement (its own copy) before the next, as a careful client would. When its
/// connection breaks or goes quiet it reconnects to the next server of its list, logs in again
/// (waiting while its old name is still held), rejoins its rooms and sends the unacknowledged
/// line again with the same id: the server stores it once ("Re-sending is safe").
/// </summary>
public sealed class ResilientPoster(string name, IReadOnlyList<IPEndPoint> servers, int firstServer, IReadOnlyList<string> rooms)
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(20);
    private RawClient? _client;
    private int _server = firstServer;

    public string Name => name;

    /// <summary>Every acknowledged post: its room, text and the id the server gave it.</summary>
    public List<(string Room, string Text, long Id)> Acknowledged { get; } = [];

    public int Reconnects { get; private set; }

    public async Task PostAsync(int count, CancellationToken stop, TimeSpan? pause = null)
    {
        for (var n = 0; n < count && !stop.IsCancellationRequested; n++)
        {
            var room = rooms[n % rooms.Count];
            var text = $"{name} {n}";
            var request = new SayRequest(text, room) { Id = $"{name}-{n}" };
            while (true)
            {
                try
                {
                    _client ??= await ConnectAsync(stop);
                    await _client.SendAsync(request);
                    var own = await _client.WaitForAsync<ChatMessage>(m => m.Ref == request.Id, AckTimeout);
                    Acknowledged.Add((room, text, own.Id));
                    break;
                }
                catch (Exception e) when (e is IOException or EndOfStreamException or TimeoutException or System.Net.Sockets.SocketException)
                {
                    await DropAsync(); // and send the same request again, on the next server
                }
            }
            if (pause is { } p) await Task.Delay(p, stop);
        }
    }

    private async Task<RawClient> ConnectAsync(CancellationToken stop)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            stop.ThrowIfCancellationRequested();
            RawClient? client = null;
            try
            {
                client = await RawClient.ConnectAsync(servers[_server]);
                await client.SendAsync(new LoginRequest(name) { Id = "login" });
                var answer = await client.NextAsync(AckTimeout);
                if (answer is WelcomeEvent)
                {
                    foreach (var room in rooms)
                    {
                        await client.SendAsync(new JoinRequest(room) { Id = "join-" + room });
                        await client.WaitForAsync<JoinedEvent>(j => j.Ref == RequestRef.Of("join-" + room), AckTimeout);
                    }
                    return client;
                }
                // name_taken: the cluster has not yet seen that our old connection's node is gone
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or TimeoutException or System.Net.Sockets.SocketException)
            {
                _server = (_server + 1) % servers.Count; // that server is down: the next one
            }
            if (client is not null) await client.DisposeAsync();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{name} could not log in again on any server");
            await Task.Delay(300, stop);
        }
    }

    private async Task DropAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
        _client = null;
        Reconnects++;
        _server = (_server + 1) % servers.Count;
    }

    public async Task QuitAsync()
    {
        if (_client is not null) await _client.DisposeAsync();
    }
}
