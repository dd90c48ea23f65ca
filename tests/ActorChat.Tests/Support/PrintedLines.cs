namespace ActorChat.Tests.Support;

/// <summary>
/// What a client session prints, captured from any thread, and a way to wait for a line:
/// the tests synchronise on what a user would read.
/// </summary>
public sealed class PrintedLines
{
    private readonly StringWriter _printed = new();

    public PrintedLines() => Writer = TextWriter.Synchronized(_printed);

    /// <summary>Give this to the session as its output.</summary>
    public TextWriter Writer { get; }

    public string[] All() { lock (Writer) return _printed.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries); }

    /// <summary>How many lines end with <paramref name="suffix"/>.</summary>
    public int CountEndingWith(string suffix) => All().Count(l => l.EndsWith(suffix, StringComparison.Ordinal));

    /// <summary>Waits until a printed line matches; throws with everything printed when <paramref name="patience"/> runs out.</summary>
    public async Task WaitFor(Func<string, bool> match, string what, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!All().Any(match))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never printed {what}; printed:\n{string.Join("\n", All())}");
            await Task.Delay(20);
        }
    }
}
