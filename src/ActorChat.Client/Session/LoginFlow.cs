using ActorChat.Client.Output;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Session;

/// <summary>What to do with one typed line, depending on where the login stands.</summary>
public enum TypedLineRoute
{
    /// <summary>Logged in: the line is chat or a command.</summary>
    Chat,

    /// <summary>A login is in flight: the line waits for its answer.</summary>
    Wait,

    /// <summary>Not logged in and nothing in flight: the line is a name to try.</summary>
    TryAsName,
}

/// <summary>The next step of the login.</summary>
/// <param name="Problems">Lines to print about names that were not valid.</param>
/// <param name="Name">The name to send in a <c>login</c>; null when there is none to try.</param>
/// <param name="GiveUp">When set, the session ends with this line (no usable name and no more input).</param>
public sealed record LoginAttempt(IReadOnlyList<string> Problems, string? Name, string? GiveUp)
{
    /// <summary>No name to try and input goes on: ask for one.</summary>
    public bool AskForName => Name is null && GiveUp is null;
}

/// <summary>
/// The login dance: until <c>welcome</c>, typed lines are names to try, and lines typed while a
/// login is in flight wait, so a script that pipes a name and then chat lines works even if
/// the first name is refused.
/// </summary>
/// <remarks>Plain state, no I/O: the session sends the logins and prints what this returns.</remarks>
public sealed class LoginFlow
{
    private readonly Queue<string> _waiting = new();

    /// <summary>A first login was sent and not yet answered.</summary>
    public bool InFlight => InFlightName is not null;

    /// <summary>The name of the first login while it is in flight (sent again when the first server cannot be reached).</summary>
    public string? InFlightName { get; private set; }

    /// <summary>A login after a lost connection was sent and not yet answered.</summary>
    public bool ReloginInFlight { get; private set; }

    /// <summary>Input ended (end of a piped script): quit as soon as logged in, or give up.</summary>
    public bool InputEnded { get; private set; }

    public TypedLineRoute Route(string line, bool loggedIn)
    {
        if (loggedIn) return TypedLineRoute.Chat;
        if (!InFlight) return TypedLineRoute.TryAsName;
        _waiting.Enqueue(line);
        return TypedLineRoute.Wait;
    }

    /// <summary>Tries a typed name; an invalid one is reported and the next waiting line tried instead.</summary>
    public LoginAttempt TryName(string typed)
    {
        var problems = new List<string>();
        string? candidate = typed;
        while (candidate is not null)
        {
            var name = candidate.Trim();
            if (NameRules.IsValid(name))
            {
                InFlightName = name;
                return new LoginAttempt(problems, name, null);
            }
            problems.Add($"! \"{TerminalText.EscapeSingleLine(name)}\" is not a valid name ({NameRules.Description})");
            candidate = _waiting.TryDequeue(out var next) ? next : null;
        }
        return new LoginAttempt(problems, null, InputEnded ? "* no usable name given; bye" : null);
    }

    /// <summary>The server refused the name: the next waiting line is the next name to try.</summary>
    public LoginAttempt Refused()
    {
        InFlightName = null;
        if (_waiting.TryDequeue(out var next)) return TryName(next);
        return new LoginAttempt([], null, InputEnded ? "* no usable name given; bye" : null);
    }

    /// <summary>Welcome after the first login: returns the lines typed meanwhile, in order, to handle now.</summary>
    public IReadOnlyList<string> LoggedIn()
    {
        InFlightName = null;
        var lines = _waiting.ToList();
        _waiting.Clear();
        return lines;
    }

    public void ReloginSent() => ReloginInFlight = true;

    public void ReloginAnswered() => ReloginInFlight = false;

    /// <summary>Input ended. True when, not logged in and with nothing in flight, there is nobody to log in as.</summary>
    public bool EndInput(bool loggedIn)
    {
        InputEnded = true;
        return !loggedIn && !InFlight;
    }
}
