using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using HdrHistogram;

namespace ActorChat.Bench;

/// <summary>What a <c>logins</c> run measured.</summary>
public sealed record LoginResult(int Logins, int Refused, double Seconds, LatencySummary Login, LatencySummary Ping, long Pings, double? CpuSecondsPerLogin);

/// <summary>
/// Password logins as fast as <c>concurrency</c> clients can make them (each: connect, <c>login</c>
/// with its account's password, <c>quit</c>) against accounts registered first, while one more user
/// already logged in sends <c>ping</c> every 50 ms: the login rate Argon2id allows, what a login
/// costs the server, and whether a storm of password checks slows the users who are chatting.
/// </summary>
public sealed class LoginBenchmark(IPEndPoint server, int accounts, int concurrency, TimeSpan duration, int? serverPid)
{
    private const string Password = "bench password 1234";

    public async Task<LoginResult> RunAsync()
    {
        for (var i = 0; i < accounts; i++)
        {
            await using var client = await LineClient.ConnectAsync(server);
            var answer = await client.RequestAsync(new RegisterRequest(Name(i), new Password(Password)));
            if (answer is ErrorEvent { Code: not ErrorCodes.NameTaken } error) throw new InvalidOperationException($"register {Name(i)}: {error.Code} {error.Message}");
        }

        await using var chatter = await LineClient.ConnectAsync(server);
        if (await chatter.RequestAsync(new LoginRequest("bench-pinger")) is not WelcomeEvent) throw new InvalidOperationException("the pinger could not log in");
        var pings = new LongHistogram(TimeSpan.TicksPerMinute, 3);
        var logins = new LongHistogram(TimeSpan.TicksPerMinute, 3);
        var refused = 0;
        var stop = new CancellationTokenSource(duration);
        var cpuBefore = ServerCpu.Sample(serverPid);
        var started = Stopwatch.GetTimestamp();

        var pinger = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sent = Stopwatch.GetTimestamp();
                await chatter.SendAsync(new PingRequest());
                while (await chatter.NextAsync() is not (PongEvent or ErrorEvent)) { }
                pings.RecordValue(Micros(sent));
                await Task.Delay(50); // 20 a second: the server's default rate
            }
        });
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            for (var n = w; !stop.IsCancellationRequested; n += concurrency)
            {
                var sent = Stopwatch.GetTimestamp();
                await using var client = await LineClient.ConnectAsync(server);
                var answer = await client.RequestAsync(new LoginRequest(Name(n % accounts), new Password(Password)));
                lock (logins)
                {
                    if (answer is WelcomeEvent) logins.RecordValue(Micros(sent));
                    else refused++;
                }
                await client.SendAsync(new QuitRequest());
            }
        })).ToList();
        await Task.WhenAll(workers.Append(pinger));

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuAfter = ServerCpu.Sample(serverPid);
        var count = (int)logins.TotalCount;
        double? cpuPerLogin = cpuBefore is { } b && cpuAfter is { } a && count > 0 ? (a.Cpu - b.Cpu).TotalSeconds / count : null;
        return new LoginResult(count, refused, seconds, LatencySummary.Of(logins), LatencySummary.Of(pings), pings.TotalCount, cpuPerLogin);
    }

    private static string Name(int i) => "bench-login-" + i;

    private static long Micros(long since) => (long)Stopwatch.GetElapsedTime(since).TotalMicroseconds;

    /// <summary>One connection speaking the protocol a line at a time.</summary>
    private sealed class LineClient : IAsyncDisposable
    {
        private readonly TcpClient _tcp;
        private readonly NetworkStream _stream;
        private readonly StreamReader _reader;

        private LineClient(TcpClient tcp)
        {
            _tcp = tcp;
            _stream = tcp.GetStream();
            _reader = new StreamReader(_stream, Encoding.UTF8);
        }

        public static async Task<LineClient> ConnectAsync(IPEndPoint server)
        {
            var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(server);
            return new LineClient(tcp);
        }

        public async Task SendAsync(ClientRequest request) => await _stream.WriteAsync(ProtocolSerializer.EncodeRequest(request));

        public async Task<ServerEvent> NextAsync()
        {
            var line = await _reader.ReadLineAsync() ?? throw new IOException("the server closed the connection");
            return ProtocolSerializer.DecodeEvent(Encoding.UTF8.GetBytes(line)).Value ?? throw new IOException("unreadable frame: " + line);
        }

        /// <summary>Sends a login or register and returns its welcome or error.</summary>
        public async Task<ServerEvent> RequestAsync(ClientRequest request)
        {
            await SendAsync(request);
            while (true)
            {
                var next = await NextAsync();
                if (next is WelcomeEvent or ErrorEvent) return next;
            }
        }

        public ValueTask DisposeAsync()
        {
            _tcp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
