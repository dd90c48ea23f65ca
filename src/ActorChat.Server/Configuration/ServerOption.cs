using System.CommandLine;
using System.Globalization;

namespace ActorChat.Server.Configuration;

/// <summary>
/// One server option, the same in every source: the flag <c>--max-clients</c>, the key
/// <c>max-clients</c> in the configuration file, the variable <c>ACTORCHAT_MAX_CLIENTS</c>.
/// </summary>
public abstract class ServerOption(string name)
{
    /// <summary>The flag without its dashes; the file's key.</summary>
    public string Name { get; } = name;

    public string Flag => "--" + Name;

    public string EnvironmentVariable => OptionSources.EnvironmentPrefix + Name.ToUpperInvariant().Replace('-', '_');

    /// <summary>The flag as System.CommandLine parses it (and <c>--help</c> shows it).</summary>
    public abstract Option CommandLine { get; }

    /// <summary>Reads the option's value from <paramref name="sources"/>, for its checks only.</summary>
    /// <exception cref="OptionProblem">The value is bad.</exception>
    public abstract void CheckIn(OptionSources sources);

    /// <summary>The option's value from <paramref name="sources"/> as text, to compare and to log (a connection string shows as given: keep its password in the environment).</summary>
    public abstract string Describe(OptionSources sources);
}

/// <summary>An option whose value is a <typeparamref name="T"/>: int, long, double (seconds, rates), string, string[], int? or FileInfo?.</summary>
public sealed class ServerOption<T> : ServerOption
{
    private readonly Func<T, string?>? _check;
    private readonly string[]? _allowed;

    /// <param name="check">What is wrong with a value (null: nothing), said after the option and its source.</param>
    /// <param name="allowed">The only values taken (a choice, such as optional|required).</param>
    /// <param name="recursive">Also taken by the subcommands (export reads the store).</param>
    public ServerOption(string name, string description, T defaultValue, Func<T, string?>? check = null, string[]? allowed = null, bool recursive = false)
        : base(name)
    {
        Default = defaultValue;
        _check = check;
        _allowed = allowed;
        Option = new Option<T>(Flag) { Description = description, Recursive = recursive };
        if (defaultValue is not null) Option.DefaultValueFactory = _ => defaultValue;
        if (typeof(T) == typeof(string[])) Option.AllowMultipleArgumentsPerToken = false;
        if (allowed is not null) Option.AcceptOnlyFromAmong(allowed);
    }

    public Option<T> Option { get; }

    public override Option CommandLine => Option;

    public override void CheckIn(OptionSources sources) => sources.Get(this);

    public override string Describe(OptionSources sources) => Show(sources.Get(this));

    /// <summary>A value as the messages show it.</summary>
    public static string Show(T value) => value switch
    {
        null => "(none)",
        string[] list => list.Length == 0 ? "(none)" : string.Join(",", list),
        FileInfo file => file.FullName,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public T Default { get; }

    /// <summary>What is wrong with <paramref name="value"/>, or null.</summary>
    public string? Problem(T value)
    {
        if (_allowed is not null && value is string text && !_allowed.Contains(text)) return $"takes {string.Join(" or ", _allowed)}";
        return _check?.Invoke(value);
    }

    /// <summary>Reads the text of a file's value or an environment variable (a list: its items, or one text split at commas).</summary>
    public bool TryRead(IReadOnlyList<string> items, out T value, out string expected)
    {
        object? read = null;
        expected = "";
        var single = items.Count == 1 ? items[0].Trim() : null;
        switch (Type.GetTypeCode(Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T)))
        {
            case TypeCode.Int32:
                expected = "a whole number";
                if (single is not null && int.TryParse(single, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) read = i;
                break;
            case TypeCode.Int64:
                expected = "a whole number";
                if (single is not null && long.TryParse(single, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) read = l;
                break;
            case TypeCode.Double:
                expected = "a number";
                if (single is not null && double.TryParse(single, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) read = d;
                break;
            case TypeCode.String:
                expected = "one text";
                if (items.Count == 1) read = items[0];
                break;
            default:
                if (typeof(T) == typeof(string[]))
                {
                    expected = "a list of texts";
                    read = items.Count == 1 ? items[0].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : items.ToArray();
                }
                else if (typeof(T) == typeof(FileInfo))
                {
                    expected = "a file name";
                    if (single is { Length: > 0 }) read = new FileInfo(single);
                }
                else throw new NotSupportedException($"{Flag}: no reader for {typeof(T).Name}");
                break;
        }
        value = read is T typed ? typed : default!;
        return read is not null;
    }
}
