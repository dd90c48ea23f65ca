using System.Globalization;

namespace ActorChat.Bench.TlsChoice;

/// <summary>
/// The server side of <c>tls-choice</c>, a process of its own (<c>tls-choice --serve kestrel|sslstream</c>)
/// so that its CPU time and memory are the server's alone. Its standard input carries the
/// certificate (one line of base64 PKCS#12), then commands: <c>memory</c> answers
/// <c>memory HEAP RSS</c> (bytes, after a full collection); the end of input stops it.
/// It prints <c>port N</c> when it listens.
/// </summary>
public static class EchoServerProcess
{
    public const string Kestrel = "kestrel";
    public const string SslStream = "sslstream";

    public static async Task<int> RunAsync(string variant, TextReader input, TextWriter output)
    {
        var pkcs12 = await input.ReadLineAsync();
        if (pkcs12 is null) return 2;
        using var certificate = EchoCertificate.FromBase64(pkcs12);
        await using IEchoServer server = variant == Kestrel
            ? await KestrelEchoServer.StartAsync(certificate)
            : SslStreamEchoServer.Start(certificate);
        await output.WriteLineAsync("port " + server.Port.ToString(CultureInfo.InvariantCulture));
        await output.FlushAsync();
        while (await input.ReadLineAsync() is { } command)
        {
            if (command != "memory") continue;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "memory {0} {1}", GC.GetTotalMemory(false), Environment.WorkingSet));
            await output.FlushAsync();
        }
        return 0;
    }
}
