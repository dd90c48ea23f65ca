using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using ActorChat.Client.Network.Tls;
using ActorChat.Client.Output;
using ActorChat.Client.Screen;
using ActorChat.Client.Session;
using ActorChat.Messages;
using Akka.Actor;
using Akka.Configuration;

namespace ActorChat.Client;

public static class Program
{
    // WARNING and up only, and to stderr: stdout is for chat lines that scripts may parse.
    private const string AkkaConfig =
        """
        akka {
          loglevel = WARNING
          stdout-loglevel = OFF
          loggers = ["ActorChat.Client.Output.StandardErrorLogger, actorchat"]
          log-config-on-start = off
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
        }
        """;

    public static int Main(string[] args)
    {
        var nameOption = new Option<string?>("--name") { Description = "Your chat name (asked for when missing)" };
        var hostOption = new Option<string>("--host")
        {
            Description = "Server host name or address",
            DefaultValueFactory = _ => ProtocolInfo.DefaultHost,
        };
        var portOption = new Option<int>("--port")
        {
            Description = "Server TCP port",
            DefaultValueFactory = _ => ProtocolInfo.DefaultPort,
        };
        var serverOption = new Option<string[]>("--server")
        {
            Description = "A server as HOST:PORT, instead of --host and --port; give it once per node of a cluster: "
                + "the first is used first, the next at once if it cannot be reached, and every reconnect goes to the next in turn",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var pingOption = new Option<int>("--ping-seconds")
        {
            Description = "Seconds between keep-alive pings",
            DefaultValueFactory = _ => (int)Network.ChatConnection.DefaultPingInterval.TotalSeconds,
        };
        var dataDirOption = new Option<string>("--data-dir")
        {
            Description = "Folder for the history files and the error log (created if missing)",
            DefaultValueFactory = _ => DataFolderRecorder.DefaultFolder,
        };
        var noHistoryOption = new Option<bool>("--no-history") { Description = "Do not write the history file (the error log is still written)" };
        var plainOption = new Option<bool>("--plain") { Description = "One line per event, no full screen (the default when stdin or stdout is redirected)" };
        var noReconnectOption = new Option<bool>("--no-reconnect") { Description = "Exit when the connection is lost instead of reconnecting" };
        var tlsOption = new Option<bool>("--tls")
        {
            Description = "Connect with TLS (1.2 or 1.3) to every server, checking its certificate against the system's trusted authorities and the host name",
        };
        var tlsCaOption = new Option<string?>("--tls-ca")
        {
            Description = "Trust only the CA certificate(s) in this PEM file (or the server's self-signed certificate) to check the server; the host name is still checked; implies --tls",
            HelpName = "FILE",
        };
        var tlsInsecureOption = new Option<bool>("--tls-insecure")
        {
            Description = "Connect with TLS but do not check the server's certificate at all (anyone on the way can pose as the server); implies --tls",
        };
        var passwordFileOption = new Option<string?>("--password-file")
        {
            Description = "Log in with the password on the first line of FILE (for a registered name); without it, the password is asked for "
                + "(not shown) when the name turns out to be registered and standard input is a terminal",
            HelpName = "FILE",
        };
        var registerOption = new Option<bool>("--register")
        {
            Description = "Create an account for --name with the password of --password-file, and log in with it (the name must be free and not registered)",
        };
        portOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535) result.AddError("--port must be from 1 to 65535");
        });
        serverOption.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
                if (Network.ServerAddress.Parse(value) is null) result.AddError($"--server {value}: give HOST:PORT (an IPv6 address in brackets), the port from 1 to 65535");
        });
        pingOption.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--ping-seconds must be at least 1");
        });

        var root = new RootCommand("ActorChat console client: chat from a terminal, or from a script through stdin/stdout.");
        root.Options.Add(nameOption);
        root.Options.Add(hostOption);
        root.Options.Add(portOption);
        root.Options.Add(serverOption);
        root.Options.Add(pingOption);
        root.Options.Add(dataDirOption);
        root.Options.Add(noHistoryOption);
        root.Options.Add(plainOption);
        root.Options.Add(noReconnectOption);
        root.Options.Add(tlsOption);
        root.Options.Add(tlsCaOption);
        root.Options.Add(tlsInsecureOption);
        root.Options.Add(passwordFileOption);
        root.Options.Add(registerOption);
        root.SetAction(parseResult =>
        {
            var recorder = DataFolderRecorder.Open(
                parseResult.GetValue(dataDirOption)!, !parseResult.GetValue(noHistoryOption), TimeProvider.System, Console.Error);
            AppDomain.CurrentDomain.UnhandledException += (_, e) => recorder.Error($"unexpected exception: {e.ExceptionObject}");
            try
            {
                if (!ClientTls.TryFromOptions(parseResult.GetValue(tlsOption), parseResult.GetValue(tlsCaOption), parseResult.GetValue(tlsInsecureOption), out var tls, out var tlsError))
                {
                    Console.Error.WriteLine("! " + tlsError);
                    recorder.Error("! " + tlsError);
                    return ExitCodes.BadSetup;
                }
                if (!AccountOptions.TryFromOptions(parseResult.GetValue(passwordFileOption), parseResult.GetValue(registerOption), out var account, out var accountError))
                {
                    Console.Error.WriteLine("! " + accountError);
                    recorder.Error("! " + accountError);
                    return ExitCodes.BadSetup;
                }
                if (tls.Mode == TlsMode.Insecure)
                    Console.Error.WriteLine("! warning: --tls-insecure: the server's identity is not checked; anyone on the way to it can read and change what you send and see");
                var servers = parseResult.GetValue(serverOption) is { Length: > 0 } given
                    ? given.Select(s => Network.ServerAddress.Parse(s)!).ToList()
                    : [new Network.ServerAddress(parseResult.GetValue(hostOption)!, parseResult.GetValue(portOption))];
                return Run(
                    parseResult.GetValue(nameOption),
                    servers,
                    TimeSpan.FromSeconds(parseResult.GetValue(pingOption)),
                    !parseResult.GetValue(noReconnectOption),
                    parseResult.GetValue(plainOption) || Console.IsInputRedirected || Console.IsOutputRedirected,
                    tls,
                    account,
                    recorder);
            }
            catch (Exception e)
            {
                recorder.Error($"unexpected exception: {e}");
                throw;
            }
        });

        return root.Parse(args).Invoke();
    }

    private static int Run(
        string? name, IReadOnlyList<Network.ServerAddress> servers, TimeSpan pingInterval, bool reconnect, bool plain, ClientTls tls, AccountOptions account, ISessionRecorder recorder)
    {
        var endPoints = new List<EndPoint>();
        foreach (var address in servers)
        {
            if (Resolve(address.Host, address.Port) is { } resolved)
            {
                endPoints.Add(resolved);
                continue;
            }
            Console.Error.WriteLine($"! cannot resolve host {TerminalText.EscapeSingleLine(address.Host)}");
            recorder.Error($"! cannot resolve host {address.Host}");
            return ExitCodes.ConnectFailed;
        }

        using var system = ActorSystem.Create("actorchat-client", ConfigurationFactory.ParseString(AkkaConfig));
        var exitCode = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = new SessionSettings(endPoints[0], name, pingInterval, SessionSettings.DefaultQuitTimeout)
        {
            OtherServers = endPoints.Skip(1).ToList(),
            Reconnect = reconnect,
            FetchMembers = !plain,
            Tls = tls,
            Password = account.Password,
            PasswordFile = account.PasswordFile,
            Register = account.Register,
        };
        if (!plain) return FullScreen.Run(system, settings, recorder);

        // On a terminal, keys are read one by one, so a password can be typed unseen; in a pipe, lines.
        var terminal = Console.IsInputRedirected ? null : new Input.TerminalLineReader(Input.TerminalLineReader.ConsoleKeys, Input.TerminalLineReader.ConsoleEcho());
        var session = system.ActorOf(
            ChatSession.Props(settings with { SecretInput = (ISecretInput?)terminal ?? NoSecretInput.Instance }, Console.Out, TimeProvider.System, exitCode, recorder),
            "session");

        // Console reads block, so they get their own background thread; the process may
        // exit while it is still blocked (the server closed the connection, say).
        var reader = new Thread(() =>
        {
            if (terminal is not null) terminal.Run(session);
            else ReadLines(session);
        }) { IsBackground = true, Name = "stdin" };
        reader.Start();

        var code = exitCode.Task.GetAwaiter().GetResult();
        system.Terminate().Wait(TimeSpan.FromSeconds(5));
        return code;
    }

    private static void ReadLines(IActorRef session)
    {
        while (Console.In.ReadLine() is { } line) session.Tell(new TypedLine(line));
        session.Tell(InputEnded.Instance);
    }

    /// <summary>The address to connect to, keeping the host as given (a TLS certificate must be for it).</summary>
    private static IPEndPoint? Resolve(string host, int port)
    {
        if (IPAddress.TryParse(host, out var address)) return new Network.NamedEndPoint(host, address, port);
        try
        {
            var addresses = Dns.GetHostAddresses(host);
            // Prefer IPv4: the default server listens on 127.0.0.1 only.
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is null ? null : new Network.NamedEndPoint(host, chosen, port);
        }
        catch (SocketException)
        {
            return null;
        }
    }
}
