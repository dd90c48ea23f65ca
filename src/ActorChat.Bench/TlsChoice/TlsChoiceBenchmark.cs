using System.Security.Authentication;
using System.Text;

namespace ActorChat.Bench.TlsChoice;

/// <summary>
/// <c>tls-choice</c>: the measurement behind serving TLS with Kestrel (<c>UseHttps</c> +
/// <c>UseConnectionHandler</c>) rather than SslStream over a socket of our own. Both servers are a
/// minimal TLS line echo with the same certificate, each in a process of its own (the bench's
/// client load stays out of their CPU time), started afresh each round, Kestrel then SslStream.
/// </summary>
public sealed class TlsChoiceBenchmark(TlsChoiceSettings settings, TextWriter output)
{
    public static readonly string[] Servers = [EchoServerProcess.Kestrel, EchoServerProcess.SslStream];

    public async Task<IReadOnlyList<TlsChoiceRun>> RunAsync()
    {
        using var certificate = EchoCertificate.Create();
        var options = TlsEchoClient.Options(certificate);
        var line = Line(settings.LineBytes);
        var report = new TlsChoiceReport(settings, output);
        output.WriteLine($"tls-choice: servers on core {settings.ServerCore?.ToString() ?? "(any)"}, TLS 1.3 full handshakes (no resumption), ECDSA P-256 certificate, {settings.LineBytes}-byte lines");
        report.WriteHeader();
        var runs = new List<TlsChoiceRun>();
        for (var round = 1; round <= settings.Runs; round++)
        {
            foreach (var server in Servers)
            {
                await using var child = await EchoServerChild.StartAsync(server, certificate, settings.ServerCore);
                var measure = new TlsChoiceMeasurements(child, options);
                await using (var probe = await TlsEchoClient.ConnectAsync(child.Port, options))
                    if (probe.Protocol != SslProtocols.Tls13) throw new InvalidOperationException($"{server} negotiated {probe.Protocol}, not TLS 1.3");
                // untimed warm-up: the server's JIT and pools settle
                await measure.HandshakesAsync(Math.Min(200, settings.Handshakes), settings.Parallel);
                await measure.EchoAsync(settings.EchoClients, Math.Min(200, settings.EchoLines), line);

                var sequential = await measure.HandshakesAsync(settings.Handshakes, 1);
                var parallel = await measure.HandshakesAsync(settings.Handshakes, settings.Parallel);
                var echo = await measure.EchoAsync(settings.EchoClients, settings.EchoLines, line);
                var idle = await measure.IdleAsync(settings.IdleConnections, line);
                var run = new TlsChoiceRun(server, round, sequential.PerSecond, sequential.ServerMicros, parallel.PerSecond, parallel.ServerMicros,
                    echo.PerSecond, echo.ServerMicros, idle.HeapBytes, idle.RssBytes);
                runs.Add(run);
                report.WriteRow(run);
                await Task.Delay(1000);
            }
        }
        report.WriteMedians(runs);
        return runs;
    }

    /// <summary>A line of <paramref name="bytes"/> bytes, LF included: printable ASCII, like a short chat frame.</summary>
    public static byte[] Line(int bytes)
    {
        var text = new StringBuilder(bytes);
        for (var i = 0; i < bytes - 1; i++) text.Append((char)('a' + i % 26));
        return Encoding.ASCII.GetBytes(text.Append('\n').ToString());
    }
}
