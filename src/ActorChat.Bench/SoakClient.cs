using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ActorChat.Messages;
using ActorChat.Messages.Commands;

namespace ActorChat.Bench;

/// <summary>
/// One client's life in a <c>soak</c> (<see cref="ClientLife"/>): connect, log in with a unique
/// name, join its rooms and leave the lobby, post a few messages (and maybe a direct message to
/// another live client) at its pace, then quit or vanish. Its read loop drops the rooms' traffic
/// on a glance at its bytes and reads only control frames. What goes wrong is counted in
/// <see cref="SoakCounters"/>, never thrown: a soak goes on whatever one client meets.
/// </summary>
public sealed class SoakClient
{
    private static readonly byte[] MessagePrefix = "{\"type\":\"message\""u8.ToArray();

    private readonly SoakSettings _settings;
    private readonly SoakCounters _counters;
    private readonly LiveNames _live;
    private readonly SoakPlan _plan;
    private readonly int _slot;
    private readonly string _name;
    private readonly TaskCompletionSource _welcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _bye = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _joinsPending;
    private volatile bool _leaving;
    private string? _failure;
    private Socket? _socket;

    public SoakClient(SoakSettings settings, SoakCounters counters, LiveNames live, SoakPlan plan, int slot, string name)
    {
        _settings = settings;
        _counters = counters;
        _live = live;
        _plan = plan;
        _slot = slot;
        _name = name;
    }

    /// <summary>Lives <paramref name="life"/>; when <paramref name="stopping"/> fires it stops posting and quits. True if it ran without an error.</summary>
    public async Task<bool> LiveAsync(ClientLife life, IPAddress? source, CancellationToken stopping)
    {
        var errorsBefore = _counters.Errors;
        try
        {
            _socket = await BenchSocket.ConnectAsync(_settings.Server, source);
        }
        catch (SocketException e)
        {
            _counters.Error($"{_name}: could not connect: {e.Message}");
            return false;
        }
        _counters.Connected();
        var reader = Task.Run(ReadAsync);
        try
        {
            await RunAsync(life, stopping);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or TimeoutException)
        {
            // counted once: by Fail when the server ended it, here when this side broke down
            if (Volatile.Read(ref _failure) is null && (!_leaving || e is TimeoutException)) _counters.Error($"{_name}: {e.Message}");
        }
        finally
        {
            _leaving = true;
            _live.Clear(_slot);
            _socket.Dispose();
            await reader;
            _counters.Disconnected();
        }
        return _counters.Errors == errorsBefore;
    }

    private async Task RunAsync(ClientLife life, CancellationToken stopping)
    {
        await SendAsync(new LoginRequest(_name) { Id = "l" });
        await Within(_welcome.Task, "no welcome");
        _counters.LoggedIn();
        _live.Set(_slot, _name);

        _joinsPending = life.Rooms.Count;
        for (var i = 0; i < life.Rooms.Count; i++) await SendAsync(new JoinRequest(SoakSettings.RoomName(life.Rooms[i])) { Id = "j" });
        await SendAsync(new LeaveRequest(ProtocolInfo.Lobby));
        await Within(_joined.Task, "its rooms were not joined");

        var dmAfter = life.SendsDm ? _plan.AnySlot(life.Says) : -1;
        for (var i = 0; i < life.Says && !stopping.IsCancellationRequested; i++)
        {
            try
            {
                await Task.Delay(_plan.Jitter(_settings.SayGap), stopping);
            }
            catch (OperationCanceledException)
            {
                break; // the soak is over: quit now
            }
            var room = SoakSettings.RoomName(life.Rooms[i % life.Rooms.Count]);
            await SendAsync(new SayRequest($"soak {_name} says {i}", room) { Id = i });
            _counters.Sent();
            if (i == dmAfter && _live.Other(_plan.AnySlot(_live.Slots), _name) is { } other)
            {
                await SendAsync(new DmRequest(other, $"psst from {_name}"));
                _counters.Sent();
            }
        }

        var ending = stopping.IsCancellationRequested ? SoakEnding.Quit : life.Ending;
        _leaving = true;
        switch (ending)
        {
            case SoakEnding.Quit:
                await SendAsync(new QuitRequest { Id = "q" });
                await Within(_bye.Task, "no bye after quit");
                _counters.Quit();
                break;
            case SoakEnding.Reset:
                _socket!.LingerState = new LingerOption(true, 0);
                _socket.Close();
                _counters.Vanish();
                break;
            case SoakEnding.CutMidFrame:
                await _socket!.SendAsync("{\"type\":\"say\",\"room\":\"soak-0\",\"te"u8.ToArray());
                _socket.Close();
                _counters.Vanish();
                break;
        }
    }

    private static async Task Within(Task task, string what)
    {
        try
        {
            await task.WaitAsync(SoakSettings.Patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} within {SoakSettings.Patience.TotalSeconds:0} s");
        }
    }

    private async Task ReadAsync()
    {
        await LineReceiver.ReadLinesAsync(_socket!, new byte[16 * 1024], OnFrame);
        if (!_leaving) Fail("the server closed the connection");
    }

    /// <summary>The server ended this client's life: counted as an error, and whatever it waits for fails at once.</summary>
    private void Fail(string why)
    {
        if (Interlocked.CompareExchange(ref _failure, why, null) is not null) return;
        _counters.Error($"{_name}: {why}");
        var failed = new IOException(why);
        _welcome.TrySetException(failed);
        _joined.TrySetException(failed);
        _bye.TrySetException(failed);
    }

    private Task SendAsync(ClientRequest request) => _socket!.SendAsync(ProtocolSerializer.EncodeRequest(request));

    private void OnFrame(ReadOnlySpan<byte> frame, long receivedAt)
    {
        if (frame.StartsWith(MessagePrefix))
        {
            _counters.Receive();
            return;
        }
        var reader = new Utf8JsonReader(frame);
        string? type = null, reference = null, code = null;
        try
        {
            reader.Read();
            while (reader.Read() && reader.CurrentDepth == 1)
            {
                if (reader.TokenType != JsonTokenType.PropertyName) continue;
                var field = reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("ref"u8) ? 2 : reader.ValueTextEquals("code"u8) ? 3 : 0;
                reader.Read();
                if (field == 0 || reader.TokenType != JsonTokenType.String) reader.Skip();
                else if (field == 1) type = reader.GetString();
                else if (field == 2) reference = reader.GetString();
                else code = reader.GetString();
            }
        }
        catch (JsonException)
        {
            _counters.Error($"{_name}: unreadable frame {Encoding.UTF8.GetString(frame)}");
            return;
        }
        switch (type)
        {
            case "welcome":
                _welcome.TrySetResult();
                break;
            case "joined" when reference == "j":
                if (Interlocked.Decrement(ref _joinsPending) == 0) _joined.TrySetResult();
                break;
            case "error" when code == ErrorCodes.NoSuchUser:
                _counters.DmMissed(); // its addressee left meanwhile
                break;
            case "error" when code == ErrorCodes.ServerFull:
                Fail("refused: " + Encoding.UTF8.GetString(frame)); // the bye that follows is the same refusal
                break;
            case "error":
                _counters.Error($"{_name}: {Encoding.UTF8.GetString(frame)}");
                break;
            case "bye" when reference == "q":
                _bye.TrySetResult();
                break;
            case "bye":
                Fail("unasked " + Encoding.UTF8.GetString(frame));
                break;
        }
    }
}
