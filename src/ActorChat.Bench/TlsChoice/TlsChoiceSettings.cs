namespace ActorChat.Bench.TlsChoice;

/// <summary>What <c>tls-choice</c> measures, and how much of it.</summary>
/// <param name="Runs">Rounds; each round starts a fresh process of each server, Kestrel first (A B A B …).</param>
/// <param name="Handshakes">Connects per handshake measurement (one at a time, then <paramref name="Parallel"/> at once).</param>
/// <param name="IdleConnections">Idle TLS connections held for the memory measurement.</param>
/// <param name="EchoClients">Connections echoing at once.</param>
/// <param name="EchoLines">Lines each echo connection sends, one at a time.</param>
/// <param name="LineBytes">Bytes per line, its LF included.</param>
/// <param name="ServerCore">The core the servers run on (<c>taskset -c</c>); null: wherever the kernel puts them.</param>
public sealed record TlsChoiceSettings(
    int Runs = 3, int Handshakes = 1000, int Parallel = 8, int IdleConnections = 2000,
    int EchoClients = 50, int EchoLines = 2000, int LineBytes = 200, int? ServerCore = null)
{
    public string? Problem() =>
        Runs < 1 || Handshakes < 1 || Parallel < 1 || IdleConnections < 1 || EchoClients < 1 || EchoLines < 1
            ? "--runs, --handshakes, --parallel, --idle, --echo-clients and --echo-lines must be at least 1"
            : LineBytes is < 2 or > 4096 ? "--line-bytes must be from 2 to 4096" : null;
}
