using ActorChat.Messages.Events;

namespace ActorChat.Client.Session;

/// <summary>
/// What the user types, one line at a time: until the first <c>welcome</c> a name to try (or a
/// line that waits for the login in flight, <see cref="SessionLogin"/>), after it chat or a command
/// (<see cref="TypedLines"/>); and the end of input, which quits (<see cref="QuitPlan"/>) or gives up.
/// </summary>
/// <remarks>Plain code the session actor calls; it returns what to send instead of sending.</remarks>
public sealed class SessionInput
{
    private readonly SessionLogin _login;
    private readonly TypedLines _lines;
    private readonly ClientState _state;
    private readonly ConnectionLifecycle _link;
    private readonly CatchUpTracker _catchUps;
    private readonly QuitPlan _quit;

    public SessionInput(SessionLogin login, TypedLines lines, ClientState state, ConnectionLifecycle link, CatchUpTracker catchUps, QuitPlan quit)
    {
        _login = login;
        _lines = lines;
        _state = state;
        _link = link;
        _catchUps = catchUps;
        _quit = quit;
    }

    public SessionStep Typed(string line) => _login.Route(line) switch
    {
        TypedLineRoute.Chat => Chat(line),
        TypedLineRoute.TryAsName => _login.TryName(line),
        _ => SessionStep.Nothing,
    };

    /// <summary>A line typed while logged in (or while the first login was in flight, handled once welcomed).</summary>
    public SessionStep Chat(string line)
    {
        var handled = _lines.Handle(line, _link.Link(_catchUps.InProgress));
        List<object> toGate = [];
        if (handled.ToSend is { } request) toGate.Add(request);
        if (handled.StartDialog is { } kind) toGate.Add(new StartPasswordDialog(kind, _state.Name!));
        return handled.Quit ? _quit.Asked().After(toGate) : new SessionStep(toGate);
    }

    /// <summary>
    /// A welcome: connected. For the first login, the lines typed meanwhile, in order, to handle now
    /// (with <see cref="Chat"/>); null when it answers a re-login, and the session resyncs instead.
    /// </summary>
    public IReadOnlyList<string>? Welcomed(WelcomeEvent welcome)
    {
        _link.LoggedIn();
        return _login.WelcomedAgain() ? null : _login.Welcomed(welcome);
    }

    /// <summary>
    /// Input ended: with nobody to log in as, the session ends; logged in, it quits; with a login in
    /// flight, its answer decides (the welcome quits, a refusal gives up).
    /// </summary>
    public SessionStep Ended()
    {
        if (_login.EndInput()) return SessionStep.Ending(SessionEnding.NotLoggedIn("* no name given; bye"));
        return _state.IsLoggedIn ? _quit.Asked() : SessionStep.Nothing;
    }

    /// <summary>After the first welcome and the lines typed meanwhile: input that ended meanwhile quits now.</summary>
    public SessionStep QuitIfInputEnded() => _login.InputEnded ? _quit.Asked() : SessionStep.Nothing;
}
