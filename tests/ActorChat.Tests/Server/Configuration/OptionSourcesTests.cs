using System.Collections;
using System.CommandLine;
using ActorChat.Server;
using ActorChat.Server.Configuration;
using ActorChat.Tests.Client;

namespace ActorChat.Tests.Server.Configuration;

/// <summary>Every option from flags, the environment and a JSON file: which wins, and what each bad value is told.</summary>
public sealed class OptionSourcesTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ParseResult Flags(params string[] args)
    {
        var root = new RootCommand();
        foreach (var option in ServerOptions.All) root.Options.Add(option.CommandLine);
        var parsed = root.Parse(args);
        Assert.Empty(parsed.Errors);
        return parsed;
    }

    private string File(string json)
    {
        var path = _folder.File($"options-{Guid.NewGuid():N}.json");
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    private static OptionSources Load(ParseResult flags, IDictionary? environment = null) =>
        OptionSources.Load(flags, ServerOptions.Config, ServerOptions.All, environment ?? new Hashtable());

    private static string Problem(Func<object?> read) => Assert.Throws<OptionProblem>(() => read()).Message;

    [Fact]
    public void A_flag_wins_over_the_environment_which_wins_over_the_file_which_wins_over_the_default()
    {
        var file = File("""{ "port": 7001, "max-clients": 5000, "motd": "from the file", "rate": 2.5 }""");
        var environment = new Hashtable { ["ACTORCHAT_PORT"] = "7002", ["ACTORCHAT_MOTD"] = "from the environment" };
        var sources = Load(Flags("--config", file, "--motd", "from the flag"), environment);

        Assert.Equal("from the flag", sources.Get(ServerOptions.Motd));
        Assert.Equal(7002, sources.Get(ServerOptions.ListenPort));
        Assert.Equal(5000, sources.Get(ServerOptions.MaxClients));
        Assert.Equal(2.5, sources.Get(ServerOptions.Rate));
        Assert.Equal(new ServerLimits().RateBurst, sources.Get(ServerOptions.RateBurst));

        Assert.Equal("from the command line", sources.SourceOf(ServerOptions.Motd));
        Assert.Equal("from environment variable ACTORCHAT_PORT", sources.SourceOf(ServerOptions.ListenPort));
        Assert.Equal($"from {file}, key \"max-clients\"", sources.SourceOf(ServerOptions.MaxClients));
        Assert.Equal("by default", sources.SourceOf(ServerOptions.RateBurst));
        Assert.False(sources.IsGiven(ServerOptions.RateBurst));
    }

    [Fact]
    public void The_file_can_be_named_in_the_environment_and_lists_come_as_arrays_or_commas()
    {
        var file = File("""
            // comments are allowed, as in appsettings.json
            { "seed": ["10.0.0.1:7800", "10.0.0.2:7800"], "allowed-origin": ["https://chat.example.org"] }
            """);
        var environment = new Hashtable { ["ACTORCHAT_CONFIG"] = file, ["ACTORCHAT_ALLOWED_ORIGIN"] = "https://a.example.org, https://b.example.org" };
        var sources = Load(Flags(), environment);

        Assert.Equal(["10.0.0.1:7800", "10.0.0.2:7800"], sources.Get(ServerOptions.Seeds));
        Assert.Equal(["https://a.example.org", "https://b.example.org"], sources.Get(ServerOptions.AllowedOrigins));
        Assert.Equal(["https://x.example.org"], Load(Flags("--config", file, "--allowed-origin", "https://x.example.org"), environment).Get(ServerOptions.AllowedOrigins));
    }

    [Fact]
    public void The_whole_configuration_reads_from_the_file_as_from_flags()
    {
        var file = File("""{ "port": 0, "max-clients": 7, "accounts": "required", "login-lockout": 30, "max-login-lockout": 60, "data-dir": "/tmp/x" }""");
        var configuration = ServerConfiguration.From(Load(Flags("--config", file)));

        Assert.Equal(7, configuration.Limits.MaxClients);
        Assert.True(configuration.Limits.AccountsRequired);
        Assert.Equal(TimeSpan.FromSeconds(30), configuration.Limits.LoginAttempts.Lockout);
        Assert.Equal("/tmp/x", configuration.Storage.DataDirectory);
        Assert.Null(configuration.Cluster);
    }

    [Fact]
    public void An_unknown_key_in_the_file_stops_the_start_naming_the_key_and_the_file()
    {
        var file = File("""{ "port": 7000, "max-client": 10 }""");
        var message = Problem(() => Load(Flags("--config", file)));
        Assert.Equal($"{file}: \"max-client\" names no server option (the keys are the flags without --, e.g. \"max-clients\")", message);
    }

    [Fact]
    public void An_unknown_environment_variable_is_a_warning_and_the_test_suite_s_own_is_not()
    {
        var environment = new Hashtable { ["ACTORCHAT_MAX_CLIENT"] = "10", ["ACTORCHAT_TEST_POSTGRES"] = "Host=x", ["HOME"] = "/root" };
        Assert.Equal(["ACTORCHAT_MAX_CLIENT names no server option: ignored"], Load(Flags(), environment).Warnings);
    }

    [Theory]
    [InlineData("""{ "port": "seven" }""", "--port (from FILE, key \"port\"): \"seven\" is not a whole number")]
    [InlineData("""{ "port": 70000 }""", "--port 70000 (from FILE, key \"port\"): a port is 0 to 65535 (0: any free port)")]
    [InlineData("""{ "max-clients": 0 }""", "--max-clients 0 (from FILE, key \"max-clients\"): must be at least 1")]
    [InlineData("""{ "client-idle": -1 }""", "--client-idle -1 (from FILE, key \"client-idle\"): must not be negative (0 turns it off)")]
    [InlineData("""{ "rate": { "per-second": 5 } }""", "--rate (from FILE, key \"rate\"): an object, where a value or a list of values goes")]
    [InlineData("""{ "accounts": "maybe" }""", "--accounts maybe (from FILE, key \"accounts\"): takes optional or required")]
    [InlineData("""{ "seed": ["nowhere"] }""", "--seed nowhere (from FILE, key \"seed\"): nowhere is not HOST:PORT")]
    [InlineData("""{ "tls-cert": "/no/such/cert.pem" }""", "--tls-cert /no/such/cert.pem (from FILE, key \"tls-cert\"): there is no such file")]
    [InlineData("""{ "max-frame": 4096, "max-pending-bytes": 1000 }""", "--max-pending-bytes (from FILE, key \"max-pending-bytes\") must be at least --max-frame (a whole frame must fit) (--max-frame from FILE, key \"max-frame\")")]
    [InlineData("""{ "cluster-port": 7800 }""", "cluster")]
    public void Each_bad_value_in_the_file_is_refused_with_one_line_naming_the_option_and_the_source(string json, string expected)
    {
        var file = File(json);
        var message = Problem(() => ServerConfiguration.From(Load(Flags("--config", file))));
        if (expected == "cluster") Assert.Contains("PostgreSQL", message);
        else Assert.Equal(expected.Replace("FILE", file), message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void A_bad_value_in_the_environment_names_the_variable()
    {
        var environment = new Hashtable { ["ACTORCHAT_MAX_CLIENTS"] = "lots" };
        Assert.Equal("--max-clients (from environment variable ACTORCHAT_MAX_CLIENTS): \"lots\" is not a whole number",
            Problem(() => ServerConfiguration.From(Load(Flags(), environment))));
        Assert.Equal("--port 99999 (from the command line): a port is 0 to 65535 (0: any free port)",
            Problem(() => ServerConfiguration.From(Load(Flags("--port", "99999")))));
    }

    [Fact]
    public void A_missing_or_broken_file_stops_the_start()
    {
        var missing = _folder.File("missing.json");
        Assert.Equal($"--config {missing} (from the command line): there is no such file", Problem(() => Load(Flags("--config", missing))));
        var broken = File("""{ "port": 7000,, }""");
        Assert.StartsWith($"--config {broken}: not a JSON object of options: ", Problem(() => Load(Flags("--config", broken))));
        var nested = File("""{ "config": "/etc/other.json" }""");
        Assert.Equal($"{nested}: \"config\" cannot name another file from inside one", Problem(() => Load(Flags("--config", nested))));
    }

    [Fact]
    public void Every_option_has_one_flag_one_key_and_one_variable()
    {
        Assert.Equal(ServerOptions.All.Count, ServerOptions.All.Select(o => o.Name).Distinct().Count());
        Assert.All(ServerOptions.All, o => Assert.Equal("ACTORCHAT_" + o.Name.ToUpperInvariant().Replace('-', '_'), o.EnvironmentVariable));
        Assert.Equal("ACTORCHAT_MAX_CLIENTS", ServerOptions.MaxClients.EnvironmentVariable);
    }
}

/// <summary>docs/actorchat.example.json stays a file the server takes.</summary>
public sealed class ExampleConfigurationTests
{
    [Fact]
    public void The_documented_example_loads_and_every_key_in_it_is_an_option()
    {
        var example = Path.Combine(RepositoryRoot(), "docs", "actorchat.example.json");
        var root = new RootCommand();
        foreach (var option in ServerOptions.All) root.Options.Add(option.CommandLine);
        var configuration = ServerConfiguration.From(OptionSources.Load(root.Parse(["--config", example]), ServerOptions.Config, ServerOptions.All, new Hashtable()));

        Assert.Equal(7000, configuration.Limits.Port);
        Assert.Equal(5000, configuration.Limits.MaxClients);
        Assert.Equal("/var/lib/actorchat", configuration.Storage.DataDirectory);
        Assert.Equal(TimeSpan.Zero, configuration.Limits.IdleShutdown);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ActorChat.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("no ActorChat.sln above " + AppContext.BaseDirectory);
    }
}

/// <summary>What a reload takes live, what waits for the next start, and what it never writes in the log.</summary>
public sealed class LiveReloadTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private (OptionSources, ServerConfiguration) Read(string json)
    {
        var path = _folder.File($"o-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        var root = new RootCommand();
        foreach (var option in ServerOptions.All) root.Options.Add(option.CommandLine);
        var sources = OptionSources.Load(root.Parse(["--config", path]), ServerOptions.Config, ServerOptions.All, new Hashtable());
        return (sources, ServerConfiguration.From(sources));
    }

    [Fact]
    public void Live_options_change_the_limits_the_rest_is_said_and_kept_and_a_connection_string_is_never_shown()
    {
        var (started, running) = Read("""{ "port": 7000, "motd": "a", "rate": 5, "db": "Host=h;Password=old-secret" }""");
        var (next, nextConfiguration) = Read("""{ "port": 7001, "motd": "b", "rate": 9, "db": "Host=h;Password=new-secret" }""");

        var plan = LiveReload.Plan(started, started, running, next, nextConfiguration);

        Assert.Equal(["--rate: 5 → 9", "--motd: a → b"], plan.Changes); // in --help order
        Assert.Equal(["--port: 7000 → 7001", "--db changed"], plan.AtNextStart);
        Assert.Equal(("b", 9.0, 7000), (plan.Limits.Motd, plan.Limits.RatePerSecond, plan.Limits.Port));
        Assert.DoesNotContain(plan.Changes.Concat(plan.AtNextStart), line => line.Contains("secret"));
    }
}
