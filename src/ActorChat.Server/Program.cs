using System.CommandLine;
using Akka.Event;
using System.Globalization;
using System.Runtime.InteropServices;
using ActorChat.Messages;
using ActorChat.Server;
using ActorChat.Server.Configuration;
using ActorChat.Server.Hosting;
using ActorChat.Server.Storage;
using ActorChat.Server.Transport;

// actorchat-server [--host H] [--port P] [--data-dir D] [--db CONN] [--max-clients N] [--max-per-address N]
//                  [--cluster-port N --cluster-host H --seed HOST:PORT...]
//                  [--client-idle S] [--login-timeout S] [--idle-shutdown S] [--rate R] [--rate-burst N] ...
// actorchat-server export --room ROOM [--since TIME] [--data-dir D] [--db CONN]
// Every option also from a JSON file (--config FILE) and the environment (ACTORCHAT_PORT, ...): Configuration/ServerOptions.cs.
// Exit codes: 0 after a normal stop (idle shutdown, Ctrl-C, SIGTERM), 1 when the port cannot
// be bound or the store cannot be opened, 2 on bad options.

// Once, first: every file and folder this process creates is its user's only (umask 077). SQLite
// and Serilog create theirs themselves (the database, -wal, -shm, rolled logs); this covers them.
ActorChat.Shared.PrivateFiles.RestrictNewFilesToOwner();

var root = new RootCommand("ActorChat server: a chat room over TCP (protocol: docs/protocol.md)");
foreach (var option in ServerOptions.All) root.Options.Add(option.CommandLine);

// Flags win over the environment (ACTORCHAT_PORT), the environment over the file (--config).
OptionSources Sources(ParseResult parsed)
{
    var sources = OptionSources.Load(parsed, ServerOptions.Config, ServerOptions.All, Environment.GetEnvironmentVariables());
    foreach (var warning in sources.Warnings) Console.Error.WriteLine(warning);
    return sources;
}

root.SetAction(async (parsed, cancellation) =>
{
    ServerConfiguration configuration;
    OptionSources sources;
    try
    {
        sources = Sources(parsed);
        configuration = ServerConfiguration.From(sources);
    }
    catch (OptionProblem problem)
    {
        Console.Error.WriteLine(problem.Message);
        return 2;
    }
    var limits = WithinOpenFileLimit(configuration.Limits);
    configuration = configuration with { Limits = limits };

    var (_, storage, transports, cluster, akkaConfigFile, _) = configuration;
    ChatServer server;
    try
    {
        var dataFolder = ServerDataFolder.Of(storage).Prepare(); // before anything is written there
        ServerLog.Configure(storage.DataDirectory);
        ServerLog.Record(dataFolder);
        server = await ChatServer.StartAsync(limits, storage, akkaConfigFile, cluster, transports, useServerLog: true);
    }
    catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException or IOException
                                 or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException
                                 or Akka.Configuration.ConfigurationException or Akka.Remote.RemoteTransportException)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }

    // Ctrl-C and SIGTERM: say bye to every client, then exit 0.
    void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        _ = server.StopAsync();
    }
    using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

    // SIGHUP, or a change of the configuration file: the MOTD, the per-connection limits and the
    // TLS certificate are read again (Configuration/LiveReload.cs); the log says what changed.
    var reloader = new ConfigurationReloader(sources, configuration, () => Sources(parsed),
        (next, nextTransports) => server.Reload(WithinOpenFileLimit(next), nextTransports));
    void Reload(string why)
    {
        foreach (var line in reloader.Reload(why))
        {
            Console.WriteLine(line);
            server.System.Log.Info(line);
        }
    }
    using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
    {
        context.Cancel = true;
        _ = Task.Run(() => Reload("SIGHUP"));
    });
    using var fileWatch = ConfigurationFileWatch.Start(configuration.ConfigFile, () => Reload("the configuration file changed"));

    var node = server.ClusterAddress is { } address ? $", cluster node {address.Host}:{address.Port}" : "";
    var more = (server.TlsEndPoint is { } tls ? $", TLS on {tls}" : "") + (server.HttpEndPoint is { } http ? $", {(transports.HasCertificate ? "https" : "http")}://{http}/" : "");
    Console.WriteLine($"ActorChat server listening on {server.EndPoint}{more} (protocol {ProtocolInfo.Version}{node}); Ctrl-C stops it.");
    await server.WhenTerminated;
    await ServerLog.FlushAsync();
    return 0;
});

var room = new Option<string?>("--room") { Description = "The room to export" };
var dm = new Option<string?>("--dm") { Description = "Export the direct messages between two users: NAME,NAME" };
var since = new Option<DateTime?>("--since")
{
    Description = "Only messages from this time on (ISO 8601, UTC unless an offset is given)",
    CustomParser = r => DateTime.Parse(r.Tokens.Single().Value, CultureInfo.InvariantCulture,
        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
};
var export = new Command("export", "Print a room's stored messages, one line each: time, sender, text") { room, dm, since };
export.SetAction(async (parsed, cancellation) =>
{
    StorageSettings storage;
    try
    {
        storage = ServerConfiguration.StorageFrom(Sources(parsed));
    }
    catch (OptionProblem problem)
    {
        Console.Error.WriteLine(problem.Message);
        return 2;
    }
    return await TranscriptExport.RunAsync(storage, parsed.GetValue(room), parsed.GetValue(dm), parsed.GetValue(since), Console.Out);
});
root.Subcommands.Add(export);

return await root.Parse(args).InvokeAsync();

// Past the open-file limit Akka.IO cannot accept (the client waits in the backlog) and the
// store cannot open its files: keep --max-clients below it, so the extra get bye server_full.
static ServerLimits WithinOpenFileLimit(ServerLimits limits)
{
    if (ActorChat.Shared.OpenFileLimit.OfThisProcess() is not { } fileLimit || limits.MaxClients <= ServerLimits.ClientsWithin(fileLimit)) return limits;
    var allowed = ServerLimits.ClientsWithin(fileLimit);
    Console.Error.WriteLine($"--max-clients {limits.MaxClients} is more than the open-file limit ({fileLimit}, less {ServerLimits.ReservedFileDescriptors} "
                            + $"for the server's own files) allows: serving at most {allowed} clients. Raise the limit for more (ulimit -n as root, LimitNOFILE= under systemd).");
    return limits with { MaxClients = allowed };
}
