using System.CommandLine;
using System.Globalization;
using System.Net;
using ActorChat.Bench;

// actorchat-bench ack --port P [--clients N] [--messages M] [--window W] [--shared-room] [--text-length L]
var host = new Option<string>("--host") { DefaultValueFactory = _ => "127.0.0.1", Recursive = true };
var port = new Option<int>("--port") { DefaultValueFactory = _ => 65432, Recursive = true };
var clients = new Option<int>("--clients") { Description = "Connections posting at once", DefaultValueFactory = _ => 8 };
var messages = new Option<int>("--messages") { Description = "Posts per connection", DefaultValueFactory = _ => 5000 };
var window = new Option<int>("--window") { Description = "Posts a connection keeps in flight (unacknowledged)", DefaultValueFactory = _ => 100 };
var shared = new Option<bool>("--shared-room") { Description = "All connections post to one room (default: a room each)" };
var textLength = new Option<int>("--text-length") { Description = "Characters per message", DefaultValueFactory = _ => 100 };
var warmup = new Option<int>("--warmup") { Description = "Untimed posts per connection before measuring", DefaultValueFactory = _ => 2000 };

var ack = new Command("ack", "Acknowledged (durably stored) messages per second") { clients, messages, window, shared, textLength, warmup };
ack.SetAction(async (parsed, _) =>
{
    var endPoint = new IPEndPoint(IPAddress.Parse(parsed.GetValue(host)!), parsed.GetValue(port));
    var bench = new AckBenchmark(endPoint, parsed.GetValue(clients), parsed.GetValue(messages), parsed.GetValue(window),
        parsed.GetValue(shared), parsed.GetValue(textLength), parsed.GetValue(warmup));
    var result = await bench.RunAsync();
    var c = CultureInfo.InvariantCulture;
    Console.WriteLine(string.Format(c, "acknowledged {0} messages in {1:F2} s: {2:F0} messages/s", result.Messages, result.Elapsed.TotalSeconds, result.PerSecond));
    Console.WriteLine(string.Format(c, "ack latency ms: p50 {0:F1}  p90 {1:F1}  p99 {2:F1}  max {3:F1}",
        result.Percentile(50), result.Percentile(90), result.Percentile(99), result.Percentile(100)));
    Console.WriteLine(string.Format(c, "{{\"scenario\":\"ack\",\"messages\":{0},\"seconds\":{1:F3},\"per_second\":{2:F0},\"p50_ms\":{3:F2},\"p99_ms\":{4:F2}}}",
        result.Messages, result.Elapsed.TotalSeconds, result.PerSecond, result.Percentile(50), result.Percentile(99)));
    return 0;
});

var root = new RootCommand("ActorChat benchmark tool") { host, port };
root.Subcommands.Add(ack);
return await root.Parse(args).InvokeAsync();
