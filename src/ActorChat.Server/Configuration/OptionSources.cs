using System.Collections;
using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace ActorChat.Server.Configuration;

/// <summary>
/// Where each option's value comes from: the flag if given, else the environment
/// (<c>ACTORCHAT_</c> + the flag in upper case, <c>_</c> for <c>-</c>), else the configuration file
/// (<c>--config FILE</c>, JSON, keys named as the flags), else the option's default. A value that
/// cannot be read or is out of range is an <see cref="OptionProblem"/> naming the option and its source.
/// </summary>
public sealed class OptionSources
{
    public const string EnvironmentPrefix = "ACTORCHAT_";

    private readonly ParseResult _flags;
    private readonly IConfiguration _environment;
    private readonly IConfiguration? _file;
    private readonly string? _filePath;

    private OptionSources(ParseResult flags, IConfiguration environment, IConfiguration? file, string? filePath, IReadOnlyList<string> warnings)
    {
        _flags = flags;
        _environment = environment;
        _file = file;
        _filePath = filePath;
        Warnings = warnings;
    }

    /// <summary>Lines to show at start: environment variables with the prefix that name no option.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>
    /// Reads the environment (<paramref name="environment"/>: the process's variables) and the file
    /// that <paramref name="config"/> names (the flag, else <c>ACTORCHAT_CONFIG</c>).
    /// </summary>
    /// <exception cref="OptionProblem">The file is missing or not JSON, or holds a key that names no option.</exception>
    public static OptionSources Load(ParseResult flags, ServerOption<FileInfo?> config, IReadOnlyCollection<ServerOption> known, IDictionary environment)
    {
        var names = known.Select(o => o.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var fromEnvironment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var warnings = new List<string>();
        foreach (DictionaryEntry variable in environment)
        {
            if (variable.Key is not string key || !key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal)) continue;
            var name = key[EnvironmentPrefix.Length..].ToLowerInvariant().Replace('_', '-');
            if (names.Contains(name)) fromEnvironment[name] = variable.Value as string;
            else if (!IgnoredVariables.Contains(key)) warnings.Add($"{key} names no server option: ignored");
        }
        var environmentConfiguration = new ConfigurationBuilder().AddInMemoryCollection(fromEnvironment).Build();

        var sources = new OptionSources(flags, environmentConfiguration, null, null, warnings);
        if (sources.Get(config) is not { } file) return sources;
        var path = file.FullName;
        if (!File.Exists(path)) throw new OptionProblem($"{config.Flag} {path} ({sources.SourceOf(config)}): there is no such file");
        IConfiguration json;
        try
        {
            json = new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new OptionProblem($"{config.Flag} {path}: not a JSON object of options: {(e.InnerException ?? e).Message}");
        }
        foreach (var section in json.GetChildren())
        {
            if (!names.Contains(section.Key)) throw new OptionProblem($"{path}: \"{section.Key}\" names no server option (the keys are the flags without --, e.g. \"max-clients\")");
            if (section.Key.Equals(config.Name, StringComparison.OrdinalIgnoreCase)) throw new OptionProblem($"{path}: \"{config.Name}\" cannot name another file from inside one");
        }
        return new OptionSources(flags, environmentConfiguration, json, path, warnings);
    }

    /// <summary>Variables with the prefix that are not server options but belong to something else (the test suite's database).</summary>
    private static readonly HashSet<string> IgnoredVariables = ["ACTORCHAT_TEST_POSTGRES"];

    /// <summary>The option's value from the first source that has it.</summary>
    /// <exception cref="OptionProblem">The value cannot be read as the option's type, or is out of its range.</exception>
    public T Get<T>(ServerOption<T> option)
    {
        var value = option.Default;
        if (_flags.GetResult(option.Option) is { Implicit: false })
        {
            value = _flags.GetValue(option.Option)!;
        }
        else if (Items(option) is { } items)
        {
            if (!option.TryRead(items, out value, out var expected))
                throw new OptionProblem($"{option.Flag} ({SourceOf(option)}): \"{string.Join(",", items)}\" is not {expected}");
        }
        if (value is not null && option.Problem(value) is { } problem)
            throw new OptionProblem($"{option.Flag} {ServerOption<T>.Show(value)} ({SourceOf(option)}): {problem}");
        return value;
    }

    /// <summary>The option's value as text (<see cref="ServerOption.Describe"/>).</summary>
    public string Describe(ServerOption option) => option.Describe(this);

    /// <summary>True when a source gave the option a value (not its default).</summary>
    public bool IsGiven(ServerOption option) => SourceOf(option) != DefaultSource;

    private const string DefaultSource = "by default";

    /// <summary>Where the option's value comes from, as said in messages.</summary>
    public string SourceOf(ServerOption option)
    {
        if (_flags.GetResult(option.CommandLine) is { Implicit: false }) return "from the command line";
        if (Exists(_environment, option)) return $"from environment variable {option.EnvironmentVariable}";
        if (_file is not null && Exists(_file, option)) return $"from {_filePath}, key \"{option.Name}\"";
        return DefaultSource;
    }

    private IReadOnlyList<string>? Items(ServerOption option)
    {
        var section = Exists(_environment, option) ? _environment.GetSection(option.Name)
            : _file is not null && Exists(_file, option) ? _file.GetSection(option.Name)
            : null;
        if (section is null) return null;
        if (section.Value is { } text) return [text];
        // A JSON array: its items; an object has named children, which no option takes.
        var children = section.GetChildren().ToList();
        if (!children.All(c => int.TryParse(c.Key, out _) && c.Value is not null))
            throw new OptionProblem($"{option.Flag} ({SourceOf(option)}): an object, where a value or a list of values goes");
        return children.Select(c => c.Value!).ToList();
    }

    private static bool Exists(IConfiguration configuration, ServerOption option) => configuration.GetSection(option.Name).Exists();
}
