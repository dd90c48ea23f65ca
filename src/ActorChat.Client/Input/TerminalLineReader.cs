using System.Text;
using ActorChat.Client.Session;
using ActorChat.Messages;
using Akka.Actor;

namespace ActorChat.Client.Input;

/// <summary>
/// Standard input in plain mode when it is a terminal: read key by key (nothing is echoed by the
/// terminal; this echoes ordinary lines itself), so that a password asked for (<see cref="Ask"/>)
/// is typed without anything shown, not even its length.
/// </summary>
/// <remarks>
/// Lines go to the session as <see cref="TypedLine"/>s; the line typed after <see cref="Ask"/> goes
/// to the asker as a <see cref="TypedSecret"/>. Enter ends a line, Backspace takes back a character,
/// Ctrl-U the whole line, Ctrl-D on an empty line ends the input (an asked-for password is then given up: an empty one).
/// The keys and the echo are injected, so the reading is tested without a terminal. Keys are read on
/// one thread (<see cref="Run"/>); <see cref="Ask"/> and <see cref="Cancel"/> come from actor
/// threads, so the line and the asker are guarded by one lock.
/// </remarks>
public sealed class TerminalLineReader : ISecretInput
{
    private const char EndOfInput = '\x04';
    private const char EraseLine = '\x15';

    private readonly Func<ConsoleKeyInfo?> _readKey;
    private readonly TextWriter? _echo;
    private readonly object _gate = new();
    private readonly StringBuilder _line = new();
    private IActorRef? _asker;

    /// <param name="readKey">The next key, or null at the end of the input.</param>
    /// <param name="echo">Where typed characters and prompts are shown; null for nowhere.</param>
    public TerminalLineReader(Func<ConsoleKeyInfo?> readKey, TextWriter? echo)
    {
        _readKey = readKey;
        _echo = echo;
    }

    /// <summary>The console's next key, not shown by the terminal; null when standard input is closed.</summary>
    public static ConsoleKeyInfo? ConsoleKeys()
    {
        try
        {
            return Console.ReadKey(intercept: true);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The terminal to echo on: standard output, else standard error, else none.</summary>
    public static TextWriter? ConsoleEcho() =>
        !Console.IsOutputRedirected ? Console.Out : !Console.IsErrorRedirected ? Console.Error : null;

    public bool CanAsk => true;

    public void Ask(string prompt, IActorRef replyTo)
    {
        lock (_gate)
        {
            if (_line.Length > 0) _echo?.WriteLine();
            _line.Clear();
            _asker = replyTo;
            _echo?.Write(prompt);
            _echo?.Flush();
        }
    }

    public void Cancel(IActorRef asker)
    {
        lock (_gate)
        {
            if (!asker.Equals(_asker)) return;
            _asker = null;
            _line.Clear();
            _echo?.WriteLine();
        }
    }

    /// <summary>Reads until the input ends, telling <paramref name="session"/> every line; then <see cref="InputEnded"/>.</summary>
    public void Run(IActorRef session)
    {
        while (_readKey() is { } key)
        {
            lock (_gate)
            {
                if (!OnKey(key, session)) break;
            }
        }
        lock (_gate)
        {
            _asker?.Tell(new TypedSecret(new Password(string.Empty)));
            _asker = null;
        }
        session.Tell(InputEnded.Instance);
    }

    /// <summary>False when the key ends the input.</summary>
    private bool OnKey(ConsoleKeyInfo key, IActorRef session)
    {
        var secret = _asker is not null;
        if (key.Key == ConsoleKey.Enter || key.KeyChar is '\r' or '\n')
        {
            var text = _line.ToString();
            _line.Clear();
            _echo?.WriteLine();
            if (_asker is { } asker)
            {
                _asker = null;
                asker.Tell(new TypedSecret(new Password(text)));
            }
            else session.Tell(new TypedLine(text));
        }
        else if (key.Key == ConsoleKey.Backspace || key.KeyChar is '\b' or '\x7f')
        {
            if (_line.Length == 0) return true;
            _line.Length--;
            if (!secret) _echo?.Write("\b \b");
        }
        else if (key.KeyChar == EndOfInput)
        {
            if (_line.Length == 0) return false;
        }
        else if (key.KeyChar == EraseLine)
        {
            if (!secret) _echo?.Write(string.Concat(Enumerable.Repeat("\b \b", _line.Length)));
            _line.Clear();
        }
        else if (key.KeyChar == '\t' || !char.IsControl(key.KeyChar))
        {
            _line.Append(key.KeyChar);
            if (!secret) _echo?.Write(key.KeyChar);
        }
        _echo?.Flush();
        return true;
    }
}
