using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Framing;

namespace ActorChat.Bench;

/// <summary>
/// Durable throughput: clients post as fast as the server acknowledges (each keeps up to
/// <c>window</c> posts in flight) and the tool counts the sender's own copies (with <c>ref</c>),
/// which the server sends only once a message is stored.
/// </summary>
public sealed class AckBenchmark(IPEndPoint server, int clients, int messagesPerClient, int window, bool sharedRoom, int textLength, int warmupPerClient)
{
    public async Task<AckResult> RunAsync()
    {
        var connections = new List<BenchClient>();
        var runId = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < clients; i++)
        {
            var room = sharedRoom ? $"bench-{runId}" : $"bench-{runId}-{i}";
            connections.Add(await BenchClient.ConnectAsync(server, $"b{runId}{i}", room));
        }

        var text = new string('x', textLength);
        // Untimed warm-up: the server's JIT, pools and store file settle before measuring.
        if (warmupPerClient > 0) await Task.WhenAll(connections.Select(c => c.PostAsync(warmupPerClient, window, text)));
        var clock = Stopwatch.StartNew();
        var latencies = await Task.WhenAll(connections.Select(c => c.PostAsync(messagesPerClient, window, text)));
        clock.Stop();
        foreach (var c in connections) c.Dispose();

        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new AckResult(clients * messagesPerClient, clock.Elapsed, all);
    }

    private sealed class BenchClient : IDisposable
    {
        private readonly Socket _socket;
        private readonly string _room;
        private readonly LineFramer _framer = new(1 << 20);
        private readonly byte[] _buffer = new byte[64 * 1024];
        private readonly List<FrameResult> _frames = new();

        private BenchClient(Socket socket, string room)
        {
            _socket = socket;
            _room = room;
        }

        public static async Task<BenchClient> ConnectAsync(IPEndPoint server, string name, string room)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server);
            var client = new BenchClient(socket, room);
            await client.SendAsync(new LoginRequest(name));
            await client.WaitForAsync(e => e is JoinedEvent j && j.Name == name);
            await client.SendAsync(new JoinRequest(room) { Id = "join" });
            await client.WaitForAsync(e => e is JoinedEvent { Ref.Text: "join" });
            return client;
        }

        public async Task<List<double>> PostAsync(int count, int window, string text)
        {
            var sentAt = new long[count];
            var latencies = new List<double>(count);
            int sent = 0, acked = 0;
            while (acked < count)
            {
                var batch = new StringBuilder();
                while (sent < count && sent - acked < window)
                {
                    sentAt[sent] = Stopwatch.GetTimestamp();
                    batch.Append(ProtocolSerializer.ToJson(new SayRequest(text, _room) { Id = sent })).Append('\n');
                    sent++;
                }
                if (batch.Length > 0) await _socket.SendAsync(Encoding.UTF8.GetBytes(batch.ToString()));

                foreach (var frame in await ReadFramesAsync())
                {
                    var (type, reference) = Peek(frame);
                    if (type == "message" && reference is { } n)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(sentAt[n]).TotalMilliseconds);
                        acked++;
                    }
                    else if (type == "error")
                    {
                        throw new InvalidOperationException("server error: " + Encoding.UTF8.GetString(frame));
                    }
                }
            }
            return latencies;
        }

        private Task SendAsync(ClientRequest request) => _socket.SendAsync(ProtocolSerializer.EncodeRequest(request));

        private async Task WaitForAsync(Func<ServerEvent, bool> match)
        {
            while (true)
                foreach (var e in await ReadAsync())
                    if (match(e)) return;
        }

        private async Task<List<ServerEvent>> ReadAsync() =>
            (await ReadFramesAsync()).Select(f => ProtocolSerializer.DecodeEvent(f).Value).OfType<ServerEvent>().ToList();

        private async Task<List<byte[]>> ReadFramesAsync()
        {
            var n = await _socket.ReceiveAsync(_buffer);
            if (n == 0) throw new IOException("the server closed the connection");
            _framer.Feed(_buffer.AsSpan(0, n), _frames);
            var lines = _frames.Where(f => !f.IsTooLarge).Select(f => f.Line!).ToList();
            _frames.Clear();
            return lines;
        }

        /// <summary>
        /// The frame's top-level "type" and integer "ref", read without building objects: the
        /// tool shares the machine with the server, so it spends as little CPU as it can.
        /// </summary>
        private static (string? Type, long? Ref) Peek(byte[] frame)
        {
            var reader = new System.Text.Json.Utf8JsonReader(frame);
            string? type = null;
            long? reference = null;
            reader.Read();
            while (reader.Read() && reader.CurrentDepth == 1)
            {
                if (reader.TokenType != System.Text.Json.JsonTokenType.PropertyName) continue;
                var isType = reader.ValueTextEquals("type"u8);
                var isRef = reader.ValueTextEquals("ref"u8);
                reader.Read();
                if (isType) type = reader.GetString();
                else if (isRef && reader.TokenType == System.Text.Json.JsonTokenType.Number) reference = reader.GetInt64();
                else reader.Skip();
            }
            return (type, reference);
        }

        public void Dispose() => _socket.Dispose();
    }
}

public sealed record AckResult(int Messages, TimeSpan Elapsed, double[] SortedLatenciesMs)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;

    public double Percentile(double p) =>
        SortedLatenciesMs.Length == 0 ? 0 : SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)(p / 100 * SortedLatenciesMs.Length))];
}
