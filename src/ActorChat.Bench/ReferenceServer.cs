using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;
using ActorChat.Messages.Framing;

namespace ActorChat.Bench;

/// <summary>
/// A plain .NET server of the bench's share of the ActorChat protocol: no actors, no store,
/// nothing durable. login → welcome + joined lobby; join / leave → joined / left (with ref);
/// ping → pong; say → one <c>message</c> frame encoded once and queued to every member of the
/// room, the sender's copy (with ref) encoded apart. Each connection has an async read loop
/// and an outgoing <see cref="Channel{T}"/> drained by a writer loop that coalesces queued
/// frames into one send. It is the floor the actor design is measured against.
/// </summary>
public sealed class ReferenceServer : IAsyncDisposable
{
    private const string Lobby = "lobby";
    private readonly Socket _listener;
    private readonly ConcurrentDictionary<string, Room> _rooms = new();
    private readonly ConcurrentDictionary<Session, byte> _sessions = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private long _messageIds;

    private ReferenceServer(Socket listener)
    {
        _listener = listener;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public static ReferenceServer Start(IPEndPoint endPoint)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(endPoint);
        listener.Listen(4096);
        return new ReferenceServer(listener);
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptAsync(_stop.Token);
                socket.NoDelay = true;
                var session = new Session(this, socket);
                _sessions[session] = 0;
                session.Start();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _acceptLoop;
        foreach (var session in _sessions.Keys) session.Close();
    }

    private Room RoomNamed(string name) => _rooms.GetOrAdd(name, n => new Room(n));

    /// <summary>A room's members; the array is replaced on change so broadcasts read it without a lock.</summary>
    private sealed class Room(string name)
    {
        private readonly object _gate = new();
        private volatile Session[] _members = [];

        public string Name => name;

        public Session[] Members => _members;

        public int Add(Session s)
        {
            lock (_gate)
            {
                if (Array.IndexOf(_members, s) < 0) _members = [.. _members, s];
                return _members.Length;
            }
        }

        public int Remove(Session s)
        {
            lock (_gate)
            {
                _members = _members.Where(m => m != s).ToArray();
                return _members.Length;
            }
        }
    }

    private sealed class Session(ReferenceServer server, Socket socket)
    {
        private readonly Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        private readonly HashSet<Room> _rooms = new();
        private string? _name;

        public void Start()
        {
            _ = Task.Run(ReadLoopAsync);
            _ = Task.Run(WriteLoopAsync);
        }

        public void Send(byte[] frame) => _outgoing.Writer.TryWrite(frame);

        public void Close()
        {
            _outgoing.Writer.TryComplete();
            try
            {
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
            socket.Dispose();
        }

        private async Task WriteLoopAsync()
        {
            var reader = _outgoing.Reader;
            var buffer = new byte[64 * 1024];
            try
            {
                while (await reader.WaitToReadAsync())
                {
                    var used = 0;
                    while (used < 64 * 1024 && reader.TryRead(out var frame))
                    {
                        if (used + frame.Length > buffer.Length)
                            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, used + frame.Length));
                        frame.CopyTo(buffer, used);
                        used += frame.Length;
                    }
                    var sent = 0;
                    while (sent < used) sent += await socket.SendAsync(buffer.AsMemory(sent, used - sent));
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }

        private async Task ReadLoopAsync()
        {
            var framer = new LineFramer(1 << 20);
            var frames = new List<FrameResult>();
            var buffer = new byte[64 * 1024];
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer);
                    if (n == 0) break;
                    framer.Feed(buffer.AsSpan(0, n), frames);
                    foreach (var frame in frames)
                        if (frame.IsTooLarge || !Handle(frame.Line!)) goto done;
                    frames.Clear();
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
            done:
            foreach (var room in _rooms) Broadcast(room, null, Event("left", room.Name, room.Remove(this), "quit", null), null);
            _rooms.Clear();
            server._sessions.TryRemove(this, out _);
            Close();
        }

        /// <summary>Handles one request; false closes the connection.</summary>
        private bool Handle(byte[] frame)
        {
            string? type = null, name = null, room = null, text = null;
            object? id = null;
            try
            {
                var reader = new Utf8JsonReader(frame);
                reader.Read();
                while (reader.Read() && reader.CurrentDepth == 1)
                {
                    if (reader.TokenType != JsonTokenType.PropertyName) continue;
                    var field = reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("name"u8) ? 2 : reader.ValueTextEquals("room"u8) ? 3
                        : reader.ValueTextEquals("text"u8) ? 4 : reader.ValueTextEquals("id"u8) ? 5 : 0;
                    reader.Read();
                    switch (field)
                    {
                        case 1: type = reader.GetString(); break;
                        case 2: name = reader.GetString(); break;
                        case 3: room = reader.GetString(); break;
                        case 4: text = reader.GetString(); break;
                        case 5 when reader.TokenType == JsonTokenType.String: id = reader.GetString(); break;
                        case 5 when reader.TokenType == JsonTokenType.Number: id = reader.GetInt64(); break;
                        default: reader.Skip(); break;
                    }
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                Send(Error("bad_request", "not a JSON object", null));
                return true;
            }

            if (_name is null && type is not ("login" or "ping" or "quit"))
            {
                Send(Error("not_logged_in", "log in first", id));
                return true;
            }
            switch (type)
            {
                case "login" when _name is not null:
                    Send(Error("already_logged_in", "already logged in", id));
                    break;
                case "login" when !string.IsNullOrEmpty(name):
                    _name = name;
                    Send(Encode(w =>
                    {
                        w.WriteString("type", "welcome");
                        w.WriteString("name", name);
                        w.WriteNumber("protocol", 1);
                        w.WriteString("server", "actorchat-reference");
                        WriteRef(w, id);
                    }));
                    Join(Lobby, null);
                    break;
                case "join" when !string.IsNullOrEmpty(room):
                    Join(room, id);
                    break;
                case "leave" when !string.IsNullOrEmpty(room):
                    var leaving = server.RoomNamed(room);
                    if (_rooms.Remove(leaving))
                    {
                        var left = leaving.Remove(this);
                        Send(Event("left", room, left, "left", id));
                        Broadcast(leaving, null, Event("left", room, left, "left", null), null);
                    }
                    else Send(Error("not_in_room", "not in " + room, id));
                    break;
                case "ping":
                    Send(Encode(w =>
                    {
                        w.WriteString("type", "pong");
                        WriteRef(w, id);
                    }));
                    break;
                case "say" when text is not null:
                    var target = server.RoomNamed(room ?? Lobby);
                    if (!_rooms.Contains(target))
                    {
                        Send(Error("not_in_room", "not in " + target.Name, id));
                        break;
                    }
                    var messageId = Interlocked.Increment(ref server._messageIds);
                    var time = DateTime.UtcNow;
                    void Message(Utf8JsonWriter w, object? reference)
                    {
                        w.WriteString("type", "message");
                        w.WriteNumber("id", messageId);
                        w.WriteString("room", target.Name);
                        w.WriteString("from", _name);
                        w.WriteString("text", text);
                        w.WriteString("time", time);
                        WriteRef(w, reference);
                    }
                    var shared = Encode(w => Message(w, null));
                    Broadcast(target, this, shared, id is null ? shared : Encode(w => Message(w, id)));
                    break;
                case "quit":
                    return false;
                default:
                    Send(Error("bad_request", "not understood by the reference server", id));
                    break;
            }
            return true;
        }

        private void Join(string roomName, object? id)
        {
            var room = server.RoomNamed(roomName);
            if (!_rooms.Add(room))
            {
                Send(Event("joined", roomName, room.Members.Length, null, id));
                return;
            }
            var members = room.Add(this);
            Broadcast(room, this, Event("joined", roomName, members, null, null), Event("joined", roomName, members, null, id));
        }

        /// <summary>Queues <paramref name="frame"/> to every member, <paramref name="own"/> to <paramref name="sender"/>.</summary>
        private static void Broadcast(Room room, Session? sender, byte[] frame, byte[]? own)
        {
            foreach (var member in room.Members) member.Send(member == sender ? own ?? frame : frame);
        }

        private byte[] Event(string type, string room, int members, string? reason, object? id) => Encode(w =>
        {
            w.WriteString("type", type);
            w.WriteString("room", room);
            w.WriteString("name", _name);
            w.WriteNumber("members", members);
            if (reason is not null) w.WriteString("reason", reason);
            WriteRef(w, id);
        });

        private static byte[] Error(string code, string message, object? id) => Encode(w =>
        {
            w.WriteString("type", "error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            WriteRef(w, id);
        });

        private static void WriteRef(Utf8JsonWriter w, object? id)
        {
            if (id is string s) w.WriteString("ref", s);
            else if (id is long l) w.WriteNumber("ref", l);
        }

        [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

        private static byte[] Encode(Action<Utf8JsonWriter> body)
        {
            var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                body(w);
                w.WriteEndObject();
            }
            var frame = new byte[buffer.WrittenCount + 1];
            buffer.WrittenSpan.CopyTo(frame);
            frame[^1] = (byte)'\n';
            return frame;
        }
    }
}
