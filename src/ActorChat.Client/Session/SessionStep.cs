namespace ActorChat.Client.Session;

/// <summary>
/// What a plain part of the session (<see cref="SessionInput"/>, <see cref="SessionLogin"/>,
/// <see cref="QuitPlan"/>, <see cref="Reconnection"/>) leaves the <see cref="ChatSession"/> to do, in this order.
/// </summary>
/// <param name="ToGate">Messages for the <see cref="LoginGate"/> (requests, logins, connection changes), in order.</param>
/// <param name="SendsQuit"><c>quit</c> is among <paramref name="ToGate"/>: the server's bye (or the quit timeout) ends the session.</param>
/// <param name="ReconnectIn">Connect again after this delay.</param>
/// <param name="ErrorLine">A line about what went wrong, shown once the timer is set.</param>
/// <param name="End">The session ends so.</param>
public sealed record SessionStep(IReadOnlyList<object> ToGate, bool SendsQuit = false, TimeSpan? ReconnectIn = null, string? ErrorLine = null, SessionEnding? End = null)
{
    public static readonly SessionStep Nothing = new([]);

    public static SessionStep Ending(SessionEnding ending) => new([], End: ending);

    /// <summary>This step, with <paramref name="first"/> to send before its own messages.</summary>
    public SessionStep After(IEnumerable<object> first) => this with { ToGate = [.. first, .. ToGate] };
}
