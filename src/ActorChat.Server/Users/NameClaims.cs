using ActorChat.Messages;
using ActorChat.Messages.Rules;

namespace ActorChat.Server.Users;

/// <summary>What a checked claim comes to: the name granted (maybe taken over from another holder), or refused.</summary>
public abstract record ClaimDecision<THolder>
{
    public sealed record Granted(string Name, bool Account, THolder? Replaced) : ClaimDecision<THolder>;

    public sealed record Refused(NameRefused Refusal) : ClaimDecision<THolder>;
}

/// <summary>
/// The rules of claiming names (PROTOCOL.md, "login", "Accounts"), without actors: who holds which
/// name, which names are being registered, and what a claim comes to once its account has been
/// checked. A claim goes in two steps because the check (the store, a hash) runs elsewhere and
/// takes time: <see cref="Admit"/> when it arrives (a name in use is refused at once), then
/// <see cref="Decide"/> when its check is back (the names may have changed meanwhile).
/// </summary>
/// <typeparam name="THolder">A name's holder (a session's actor ref in the server).</typeparam>
public sealed class NameClaims<THolder> where THolder : notnull
{
    /// <summary>Names being registered now, by whom: nobody else may claim them meanwhile.</summary>
    private readonly Dictionary<string, THolder> _registering = new(StringComparer.Ordinal);

    /// <summary>
    /// Names registered since this directory started: a guest check that began before one of them
    /// was registered (and found no account) must not give it out.
    /// </summary>
    private readonly HashSet<string> _registeredHere = new(StringComparer.Ordinal);

    public NameRegistry<THolder> Names { get; } = new();

    /// <summary>
    /// A claim arrives: null when it goes on to its check, else the refusal to answer with now.
    /// A new account needs a name nobody holds; a guest's is checked first (a registered name is
    /// <c>password_required</c> even while its owner holds it), then must be free; an account's
    /// password may take its name over from whoever holds it.
    /// </summary>
    public NameRefused? Admit(ClaimName claim, THolder holder)
    {
        if (claim.Kind != ClaimKind.Register) return null;
        if (InUse(claim.Name, holder)) return Taken(claim.Name);
        _registering[NameRules.Key(claim.Name)] = holder;
        return null;
    }

    /// <summary>A claim's check is back (<paramref name="refusal"/>: what the check refused, if it did).</summary>
    public ClaimDecision<THolder> Decide(THolder holder, string name, ClaimKind kind, NameRefused? refusal)
    {
        var key = NameRules.Key(name);
        if (kind == ClaimKind.Register && _registering.TryGetValue(key, out var registrant) && Same(registrant, holder))
            _registering.Remove(key);
        if (refusal is not null) return new ClaimDecision<THolder>.Refused(refusal);

        switch (kind)
        {
            case ClaimKind.Guest when InUse(name, holder):
                return new ClaimDecision<THolder>.Refused(Taken(name));
            case ClaimKind.Guest when _registeredHere.Contains(key):
                return new ClaimDecision<THolder>.Refused(PasswordRequired(name));
            case ClaimKind.Register:
                _registeredHere.Add(key);
                break;
        }

        var replaced = default(THolder);
        if (Names.TryFind(name, out var current, out _) && !Same(current, holder))
        {
            replaced = current; // only an account's name is taken over: a guest's or a new account's was free
            Names.Release(current);
        }
        return Names.TryClaim(name, holder)
            ? new ClaimDecision<THolder>.Granted(name, kind != ClaimKind.Guest, replaced)
            : new ClaimDecision<THolder>.Refused(Taken(name));
    }

    /// <summary>A name the holder turned from a guest's into an account's (registered after login).</summary>
    public void Registered(string name) => _registeredHere.Add(NameRules.Key(name));

    private bool InUse(string name, THolder holder) =>
        (Names.TryFind(name, out var current, out _) && !Same(current, holder))
        || (_registering.TryGetValue(NameRules.Key(name), out var registrant) && !Same(registrant, holder));

    private static bool Same(THolder a, THolder b) => EqualityComparer<THolder>.Default.Equals(a, b);

    public static NameRefused Taken(string name) => new(ErrorCodes.NameTaken, $"the name {name} is already taken");

    public static NameRefused PasswordRequired(string name) =>
        new(ErrorCodes.PasswordRequired, $"the name {name} is registered: log in with its password");
}
