using System.CommandLine;
using System.Globalization;
using System.Net;
using ActorChat.Bench;

// actorchat-bench ack     --port P [--clients N] [--messages M] [--window W] [--shared-room | --room-size K] [--sources K]
// actorchat-bench fanout  --port P --clients N --senders S --rate R --seconds D
// actorchat-bench rooms   --port P --clients N --room-size K --rate R --seconds D
//   fanout and rooms also take: --runs N (repeat, a median row and JSON line) or --max [--step F]
//   [--max-steps M] [--max-continue N] (raise --rate by F per run until under 99.9 % is delivered,
//   anything is duplicated or p99 passes 100 ms; report the highest rate that held, the ceiling and
//   the server's CPU per delivery), and --chart FILE.png (latency p50/p99/p99.9 against
//   deliveries/s for those runs or steps). With --server-pid: server busy % and µs/delivery.
// actorchat-bench connect --port P --clients N [--server-pid PID] [--sources K] [--processes K] [--hold S]
// actorchat-bench soak    --port P --server-pid PID [--minutes M] [--concurrent N] [--rooms R] [--rate R] [--chart FILE.png]
// actorchat-bench reference-server --port P
// fanout and rooms take --protocol irc to load an IRC server (ngircd, InspIRCd) instead, and
//   --transport tcp|tls|ws|wss: the port given is the server's --tls-port or --http-port (/ws).
// actorchat-bench tls-choice [--runs N] [--server-core C]: Kestrel's TLS against SslStream's, two echo servers.
// The server should run with --rate 0 (no per-connection limit) and a --max-per-address that
// admits the load, or the tool spreads clients over several loopback addresses (--sources).
var c = CultureInfo.InvariantCulture;
var host = new Option<string>("--host") { DefaultValueFactory = _ => "127.0.0.1", Recursive = true };
var port = new Option<int>("--port") { DefaultValueFactory = _ => 65432, Recursive = true };
var clients = new Option<int>("--clients") { Description = "Connections", DefaultValueFactory = _ => 8, Recursive = true };
var sources = new Option<int>("--sources") { Description = "Spread connections over 127.0.0.1..N (per-address limits, ephemeral ports)", DefaultValueFactory = _ => 1, Recursive = true };
var textLength = new Option<int>("--text-length") { Description = "Characters per message", DefaultValueFactory = _ => 100, Recursive = true };

IPEndPoint Server(ParseResult parsed) => new(IPAddress.Parse(parsed.GetValue(host)!), parsed.GetValue(port));

// ---- ack: durable throughput --------------------------------------------------------------
var messages = new Option<int>("--messages") { Description = "Posts per connection", DefaultValueFactory = _ => 5000 };
var window = new Option<int>("--window") { Description = "Posts a connection keeps in flight (unacknowledged)", DefaultValueFactory = _ => 100 };
var shared = new Option<bool>("--shared-room") { Description = "All connections post to one room (default: a room each); the same as --room-size N" };
var ackRoomSize = new Option<int?>("--room-size") { Description = "Connections in rooms of K (connection i in room i/K), each posting and acknowledged by its own copy while it reads the others' (default 1: a room each)" };
var warmup = new Option<int>("--warmup") { Description = "Untimed posts per connection before measuring", DefaultValueFactory = _ => 2000 };
var ack = new Command("ack", "Acknowledged (durably stored) messages per second") { messages, window, shared, ackRoomSize, warmup };
ack.Validators.Add(r =>
{
    if (r.GetValue(shared) && r.GetValue(ackRoomSize) is not null) r.AddError("--shared-room and --room-size are the same thing: give one of them");
    if (r.GetValue(ackRoomSize) is < 1) r.AddError("--room-size must be at least 1");
});
ack.SetAction(async (parsed, _) =>
{
    var n = parsed.GetValue(clients);
    var size = parsed.GetValue(shared) ? Math.Max(1, n) : parsed.GetValue(ackRoomSize) ?? 1;
    AckResult result;
    try
    {
        result = await new AckBenchmark(Server(parsed), n, parsed.GetValue(messages), parsed.GetValue(window),
            size, parsed.GetValue(textLength), parsed.GetValue(warmup), parsed.GetValue(sources)).RunAsync();
    }
    catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException or IOException)
    {
        Console.Error.WriteLine("ack failed: " + e.Message);
        return 1;
    }
    Console.WriteLine(string.Format(c, "acknowledged {0} messages in {1:F2} s: {2:F0} messages/s", result.Messages, result.Elapsed.TotalSeconds, result.PerSecond));
    Console.WriteLine(string.Format(c, "ack latency ms: p50 {0:F1}  p90 {1:F1}  p99 {2:F1}  max {3:F1}",
        result.Percentile(50), result.Percentile(90), result.Percentile(99), result.Percentile(100)));
    if (size > 1)
        Console.WriteLine(string.Format(c, "rooms of {0}: the clients also read {1} copies of the other members' messages ({2:F0}/s)",
            Math.Min(size, n), result.OthersReceived, result.OthersReceived / result.Elapsed.TotalSeconds));
    Console.WriteLine(string.Format(c, "{{\"scenario\":\"ack\",\"clients\":{5},\"room_size\":{6},\"messages\":{0},\"seconds\":{1:F3},\"per_second\":{2:F0},\"p50_ms\":{3:F2},\"p99_ms\":{4:F2},\"others_received\":{7}}}",
        result.Messages, result.Elapsed.TotalSeconds, result.PerSecond, result.Percentile(50), result.Percentile(99), n, Math.Min(size, n), result.OthersReceived));
    return 0;
});

// ---- fanout and rooms: broadcast deliveries ---------------------------------------------
var senders = new Option<int>("--senders") { Description = "Connections that post", DefaultValueFactory = _ => 10 };
var roomSize = new Option<int>("--room-size") { Description = "Members per room", DefaultValueFactory = _ => 10 };
var rate = new Option<double>("--rate") { Description = "Messages per second posted in total", DefaultValueFactory = _ => 1000, Recursive = true };
var seconds = new Option<double>("--seconds") { Description = "How long to post", DefaultValueFactory = _ => 10, Recursive = true };
var protocol = new Option<string>("--protocol") { Description = "actorchat (JSON lines) or irc (ngircd, InspIRCd)", DefaultValueFactory = _ => "actorchat", Recursive = true };
protocol.AcceptOnlyFromAmong("actorchat", "irc");
var transport = new Option<string>("--transport")
{
    Description = "What --port speaks: tcp (the server's --port), tls (its --tls-port), ws or wss (its --http-port, WebSocket at /ws; wss when the server has --tls-cert). TLS trusts any certificate: a loopback measurement",
    DefaultValueFactory = _ => "tcp",
};
transport.AcceptOnlyFromAmong("tcp", "tls", "ws", "wss");
BenchTransport Transport(ParseResult parsed) => Enum.Parse<BenchTransport>(parsed.GetValue(transport)!, ignoreCase: true);
var servers = new Option<string[]>("--server")
{
    Description = "A cluster node to connect to, HOST:PORT (repeatable; replaces --host/--port): connection c goes to node c mod their number",
    Recursive = true,
};
var nodePids = new Option<int[]>("--node-pid") { Description = "Cluster nodes' process ids (repeatable): each node's CPU µs per delivery", Recursive = true };
var serverPid = new Option<int?>("--server-pid") { Description = "The server's process id, to read its resident memory and CPU time (Linux /proc): memory per connection for connect; RSS, busy % and CPU µs per delivery for fanout and rooms", Recursive = true };
var warmupOption = new Option<double>("--warmup") { Description = "Seconds of untimed posting at the run's rate before measuring (JIT and pools settle)", DefaultValueFactory = _ => 2, Recursive = true };

var max = new Option<bool>("--max") { Description = "Raise --rate by --step per run until under 99.9 % is delivered, anything is duplicated or p99 passes 100 ms; report the highest rate that held" };
var step = new Option<double>("--step") { Description = "--max: each run offers this many times the previous rate", DefaultValueFactory = _ => 1.25 };
step.Validators.Add(r => { if (r.GetValueOrDefault<double>() <= 1) r.AddError("--step must be above 1"); });
var maxSteps = new Option<int>("--max-steps") { Description = "--max: stop after this many runs even if all held", DefaultValueFactory = _ => 20 };
maxSteps.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--max-steps must be at least 1"); });
var maxContinue = new Option<int>("--max-continue")
{
    Description = "--max: run this many more steps after the first that fails the bar, to find the ceiling (most deliveries/s) past the knee; stops early at a step that delivers less than the one before",
    DefaultValueFactory = _ => 0,
};
maxContinue.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 0) r.AddError("--max-continue must be 0 or more"); });
var runs = new Option<int>("--runs") { Description = "Repeat the run N times (3 s apart) and add a median row", DefaultValueFactory = _ => 1 };
runs.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--runs must be at least 1"); });
var chart = new Option<string?>("--chart") { Description = "Write a PNG of latency (p50, p99, p99.9) against deliveries/s for the --runs or the --max steps" };
void OneMode(System.CommandLine.Parsing.CommandResult r)
{
    if (r.GetValue(max) && r.GetValue(runs) > 1) r.AddError("--max and --runs are separate modes: give one of them");
    if (r.GetValue(protocol) == "irc" && r.GetValue(transport) != "tcp") r.AddError("--protocol irc runs over --transport tcp only");
}

async Task<int> RunBroadcast(string scenario, ParseResult parsed, int size, int postingConnections)
{
    var n = parsed.GetValue(clients);
    var nodes = parsed.GetValue(servers) is { Length: > 0 } listed
        ? listed.Select(s => IPEndPoint.Parse(s)).ToList()
        : [Server(parsed)];
    var pids = parsed.GetValue(nodePids) ?? [];
    async Task<BroadcastResult> Run(double offered)
    {
        var result = await new BroadcastBenchmark(nodes, n, size, postingConnections, offered,
            parsed.GetValue(seconds), parsed.GetValue(textLength), parsed.GetValue(sources),
            parsed.GetValue(protocol) == "irc" ? BenchProtocol.Irc : BenchProtocol.ActorChat, parsed.GetValue(warmupOption),
            parsed.GetValue(serverPid), pids, Transport(parsed)).RunAsync();
        ClusterReport.Write(result, pids, Console.Out);
        return result;
    }
    var runner = new BroadcastRunner(scenario, Run, Console.Out);
    if (parsed.GetValue(max))
    {
        var outcome = await runner.MaxAsync(new MaxRateSettings(parsed.GetValue(rate), parsed.GetValue(step), parsed.GetValue(maxSteps),
            continuePastFailure: parsed.GetValue(maxContinue)), parsed.GetValue(chart));
        return outcome.Best is null ? 1 : 0;
    }
    var results = await runner.SeriesAsync(parsed.GetValue(rate), parsed.GetValue(runs), parsed.GetValue(chart));
    return results.All(r => r.Lost == 0 && r.Duplicates == 0) ? 0 : 1;
}

var fanout = new Command("fanout", "N members of one room, S of them posting") { senders, transport, max, step, maxSteps, maxContinue, runs, chart };
fanout.Validators.Add(OneMode);
fanout.SetAction((parsed, _) => RunBroadcast("fanout", parsed, int.MaxValue, parsed.GetValue(senders)));
var roomsCommand = new Command("rooms", "N clients in rooms of K, one sender per room") { roomSize, transport, max, step, maxSteps, maxContinue, runs, chart };
roomsCommand.Validators.Add(OneMode);
roomsCommand.SetAction((parsed, _) =>
{
    var size = parsed.GetValue(roomSize);
    return RunBroadcast("rooms", parsed, size, (parsed.GetValue(clients) + size - 1) / size);
});

// ---- connect: idle capacity -----------------------------------------------------------------
var processes = new Option<int>("--processes")
{
    Description = "Generator processes holding the clients (0 = as many as this process's open-file limit needs)",
    DefaultValueFactory = _ => 0,
};
var hold = new Option<double>("--hold") { Description = "Seconds to keep the clients connected after measuring (to inspect the server)" };
var connect = new Command("connect", "N clients logged in and idle: time, server memory per connection") { processes, hold };
connect.SetAction(async (parsed, _) =>
{
    var n = parsed.GetValue(clients);
    var k = parsed.GetValue(processes) is > 0 and var asked ? asked : ConnectPlan.ProcessesFor(n, ActorChat.Shared.OpenFileLimit.OfThisProcess());
    if (n < 1 || k > n || parsed.GetValue(sources) is < 1 or > ConnectPlan.MaxSourceAddresses)
    {
        Console.Error.WriteLine($"Need --clients >= 1, --processes <= --clients, --sources 1..{ConnectPlan.MaxSourceAddresses}.");
        return 2;
    }
    ConnectResult result;
    try
    {
        result = await new ConnectBenchmark(Server(parsed), n, parsed.GetValue(sources), parsed.GetValue(serverPid), k).RunAsync(async held =>
        {
            Console.WriteLine(string.Format(c, "{0} clients ({1} generator process{2}) logged in and idle in {3:F2} s; server RSS {4} -> {5} MiB ({6} KiB per connection); server answers: {7}",
                held.Clients, held.Processes, held.Processes == 1 ? "" : "es", held.ConnectTime.TotalSeconds,
                held.RssBefore is { } b ? (b / 1048576.0).ToString("F1", c) : "?", held.RssAfter is { } a ? (a / 1048576.0).ToString("F1", c) : "?",
                held.BytesPerConnection is { } per ? (per / 1024).ToString("F1", c) : "?", held.ServerAnswers ? "yes" : "NO"));
            foreach (var error in held.Errors) Console.WriteLine("server said: " + error);
            Console.WriteLine(string.Format(c, "{{\"scenario\":\"connect\",\"clients\":{0},\"processes\":{1},\"seconds\":{2:F3},\"bytes_per_connection\":{3},\"server_answers\":{4}}}",
                held.Clients, held.Processes, held.ConnectTime.TotalSeconds, held.BytesPerConnection?.ToString("F0", c) ?? "null", held.ServerAnswers ? "true" : "false"));
            if (parsed.GetValue(hold) is > 0 and var holdSeconds)
            {
                Console.WriteLine(string.Format(c, "holding {0} connections for {1:F0} s", held.Clients, holdSeconds));
                await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
            }
        });
    }
    catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
    {
        Console.Error.WriteLine("connect failed: " + e.Message);
        return 1;
    }
    return result.ServerAnswers && result.Errors.Count == 0 ? 0 : 1;
});

// connect-worker: one generator process of a multi-process connect run (started by connect itself).
var first = new Option<int>("--first") { Description = "Index of the worker's first client" };
var connectWorker = new Command(ConnectWorker.CommandName, "One generator process of connect --processes K") { first };
connectWorker.Hidden = true;
connectWorker.SetAction((parsed, _) => ConnectWorker.RunAsync(Server(parsed), parsed.GetValue(first), parsed.GetValue(clients),
    parsed.GetValue(sources), Console.In, Console.Out));

// ---- logins: password checks per second, and the chat beside them --------------------------
var loginAccounts = new Option<int>("--accounts") { Description = "Accounts registered first and logged in to in turn", DefaultValueFactory = _ => 100 };
var loginConcurrency = new Option<int>("--concurrency") { Description = "Clients logging in at once", DefaultValueFactory = _ => 8 };
var logins = new Command("logins", "Password logins per second (Argon2id), their latency and server CPU, and ping latency of a logged-in user meanwhile") { loginAccounts, loginConcurrency };
logins.SetAction(async (parsed, _) =>
{
    LoginResult result;
    try
    {
        result = await new LoginBenchmark(Server(parsed), parsed.GetValue(loginAccounts), parsed.GetValue(loginConcurrency),
            TimeSpan.FromSeconds(parsed.GetValue(seconds)), parsed.GetValue(serverPid)).RunAsync();
    }
    catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.Sockets.SocketException)
    {
        Console.Error.WriteLine("logins failed: " + e.Message);
        return 1;
    }
    Console.WriteLine(string.Format(c, "{0} password logins in {1:F1} s ({2:F1}/s, {3} refused) with {4} at once; login p50 {5:F1} ms, p99 {6:F1} ms; server CPU {7} ms per login; "
        + "ping of a logged-in user meanwhile ({8}): p50 {9:F2} ms, p99 {10:F2} ms, max {11:F2} ms",
        result.Logins, result.Seconds, result.Logins / result.Seconds, result.Refused, parsed.GetValue(loginConcurrency), result.Login.P50, result.Login.P99,
        result.CpuSecondsPerLogin is { } cpu ? (cpu * 1000).ToString("F1", c) : "?", result.Pings, result.Ping.P50, result.Ping.P99, result.Ping.Max));
    Console.WriteLine(string.Format(c, "{{\"scenario\":\"logins\",\"logins\":{0},\"seconds\":{1:F3},\"refused\":{2},\"login_p50_ms\":{3:F2},\"login_p99_ms\":{4:F2},\"cpu_ms_per_login\":{5},\"ping_p50_ms\":{6:F3},\"ping_p99_ms\":{7:F3},\"ping_max_ms\":{8:F3}}}",
        result.Logins, result.Seconds, result.Refused, result.Login.P50, result.Login.P99, result.CpuSecondsPerLogin is { } cpu2 ? (cpu2 * 1000).ToString("F2", c) : "null",
        result.Ping.P50, result.Ping.P99, result.Ping.Max));
    return result.Refused == 0 ? 0 : 1;
});

// ---- soak: churn for minutes, memory flat, counts back to idle ------------------------------
var minutes = new Option<double>("--minutes") { Description = "How long to soak (fractions allowed; an explicit --seconds wins)", DefaultValueFactory = _ => 10 };
var concurrent = new Option<int>("--concurrent") { Description = "Clients kept live at once", DefaultValueFactory = _ => 300 };
var soakRooms = new Option<int>("--rooms") { Description = "Rooms the clients join (one or two each)", DefaultValueFactory = _ => 20 };
var soakChart = new Option<string?>("--chart") { Description = "Write a PNG of the server's RSS over the run" };
var seed = new Option<int?>("--seed") { Description = "Seed of the clients' random choices (default: a new one, printed)", Hidden = true };
var soak = new Command("soak", "Clients come and go for minutes (quit or vanish); the server's RSS must stay flat and its counts (stats) come back to idle")
    { minutes, concurrent, soakRooms, soakChart, seed };
soak.SetAction(async (parsed, _) =>
{
    var n = parsed.GetValue(concurrent);
    var duration = parsed.GetResult(seconds) is { Implicit: false } ? TimeSpan.FromSeconds(parsed.GetValue(seconds)) : TimeSpan.FromMinutes(parsed.GetValue(minutes));
    var says = parsed.GetResult(rate) is { Implicit: false } ? parsed.GetValue(rate) : SoakSettings.DefaultSaysPerSecond(n);
    var settings = new SoakSettings(Server(parsed), duration, n, parsed.GetValue(soakRooms), says, parsed.GetValue(sources), parsed.GetValue(serverPid), parsed.GetValue(seed));
    if (settings.Problem() is { } problem)
    {
        Console.Error.WriteLine(problem);
        return 2;
    }
    SoakResult result;
    try
    {
        result = await new SoakBenchmark(settings, Console.Out).RunAsync();
    }
    catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException or IOException)
    {
        Console.Error.WriteLine("soak failed: cannot ask the server for its counts (an ActorChat server, logged in, answers stats): " + e.Message);
        return 2;
    }
    if (parsed.GetValue(soakChart) is { } chartPath)
    {
        var points = result.Samples.Where(s => s.RssBytes is not null).Select(s => (s.Elapsed.TotalSeconds, s.RssBytes!.Value / 1048576.0)).ToList();
        if (points.Count == 0) Console.Error.WriteLine("no chart: no RSS was read (give --server-pid)");
        else
        {
            MemoryChart.WritePng(chartPath, string.Format(c, "soak: about {0} clients live, {1}", n,
                duration < TimeSpan.FromMinutes(2) ? duration.TotalSeconds.ToString("0.#", c) + " s" : duration.TotalMinutes.ToString("0.#", c) + " min"), points,
                settings.WarmUp.TotalSeconds, result.Memory.FlatLimitBytes / 1048576.0);
            Console.WriteLine("chart written to " + chartPath);
        }
    }
    return result.Passed ? 0 : 1;
});

// ---- reference-server: a plain .NET server of the same protocol, the floor to compare with --
var referenceServer = new Command("reference-server", "A plain .NET (no actors, no store) server of the bench's share of the protocol");
referenceServer.SetAction(async (parsed, cancel) =>
{
    await using var server = ReferenceServer.Start(new IPEndPoint(IPAddress.Parse(parsed.GetValue(host)!), parsed.GetValue(port)));
    Console.WriteLine("reference server listening on " + server.EndPoint);
    try
    {
        await Task.Delay(Timeout.Infinite, cancel);
    }
    catch (OperationCanceledException)
    {
    }
    return 0;
});

// ---- failover: how long a killed node's rooms take to come back ------------------------------
var killPid = new Option<int>("--kill-pid") { Description = "The cluster node to kill (SIGKILL)", Required = true };
var killAfter = new Option<double>("--kill-after") { Description = "Seconds of posting before the kill", DefaultValueFactory = _ => 5 };
var failoverRooms = new Option<int>("--rooms") { Description = "Rooms (one posting client each, on --host/--port, a surviving node)", DefaultValueFactory = _ => 12 };
var failover = new Command("failover", "Time for the rooms of a killed cluster node to come back on the others") { killPid, killAfter, failoverRooms };
failover.SetAction((parsed, _) => new FailoverBenchmark(Server(parsed), parsed.GetValue(failoverRooms), parsed.GetValue(killPid),
    TimeSpan.FromSeconds(parsed.GetValue(killAfter)), TimeSpan.FromSeconds(parsed.GetValue(seconds)), TimeSpan.FromMilliseconds(50)).RunAsync(Console.Out));

// ---- tls-choice: Kestrel's TLS against SslStream's (issue 12) -------------------------------------
var tlsRuns = new Option<int>("--runs") { Description = "Rounds (a fresh process of each server per round, Kestrel then SslStream)", DefaultValueFactory = _ => 3 };
var handshakes = new Option<int>("--handshakes") { Description = "Connects per handshake measurement", DefaultValueFactory = _ => 1000 };
var parallelConnects = new Option<int>("--parallel") { Description = "Connects at once in the second handshake measurement", DefaultValueFactory = _ => 8 };
var idleConnections = new Option<int>("--idle") { Description = "Idle TLS connections for the memory measurement", DefaultValueFactory = _ => 2000 };
var echoClients = new Option<int>("--echo-clients") { Description = "Connections echoing at once", DefaultValueFactory = _ => 50 };
var echoLines = new Option<int>("--echo-lines") { Description = "Lines each echo connection sends, one at a time", DefaultValueFactory = _ => 2000 };
var lineBytes = new Option<int>("--line-bytes") { Description = "Bytes per line, LF included", DefaultValueFactory = _ => 200 };
var serverCore = new Option<int?>("--server-core") { Description = "Run the echo servers on this core (taskset -c); the bench itself runs where it was started" };
var serve = new Option<string?>("--serve") { Description = "Be one echo server (started by tls-choice itself)", Hidden = true };
serve.AcceptOnlyFromAmong(ActorChat.Bench.TlsChoice.EchoServerProcess.Kestrel, ActorChat.Bench.TlsChoice.EchoServerProcess.SslStream);
var tlsChoice = new Command("tls-choice", "Kestrel (UseHttps + UseConnectionHandler) against SslStream over our own socket: two TLS line-echo servers, handshakes/s, memory per idle connection, CPU per echoed line")
    { tlsRuns, handshakes, parallelConnects, idleConnections, echoClients, echoLines, lineBytes, serverCore, serve };
tlsChoice.SetAction(async (parsed, _) =>
{
    if (parsed.GetValue(serve) is { } variant) return await ActorChat.Bench.TlsChoice.EchoServerProcess.RunAsync(variant, Console.In, Console.Out);
    var settings = new ActorChat.Bench.TlsChoice.TlsChoiceSettings(parsed.GetValue(tlsRuns), parsed.GetValue(handshakes), parsed.GetValue(parallelConnects),
        parsed.GetValue(idleConnections), parsed.GetValue(echoClients), parsed.GetValue(echoLines), parsed.GetValue(lineBytes), parsed.GetValue(serverCore));
    if (settings.Problem() is { } problem)
    {
        Console.Error.WriteLine(problem);
        return 2;
    }
    await new ActorChat.Bench.TlsChoice.TlsChoiceBenchmark(settings, Console.Out).RunAsync();
    return 0;
});

var root = new RootCommand("ActorChat benchmark tool") { host, port, servers, nodePids, clients, textLength, rate, seconds, warmupOption, sources, protocol, serverPid };
root.Subcommands.Add(referenceServer);
root.Subcommands.Add(ack);
root.Subcommands.Add(fanout);
root.Subcommands.Add(roomsCommand);
root.Subcommands.Add(connect);
root.Subcommands.Add(soak);
root.Subcommands.Add(logins);
root.Subcommands.Add(failover);
root.Subcommands.Add(connectWorker);
root.Subcommands.Add(tlsChoice);
return await root.Parse(args).InvokeAsync();
