using ActorChat.Messages.Rules;

namespace ActorChat.Server.Users;

/// <summary>
/// Which user holds which name. Names are unique case-insensitively (and after NFC,
/// see <see cref="NameRules"/>); each holder has at most one name.
/// </summary>
public sealed class NameRegistry<THolder> where THolder : notnull
{
    private readonly Dictionary<string, (string Name, THolder Holder)> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<THolder, string> _keyByHolder = new();

    public int Count => _byKey.Count;

    /// <summary>Claims a canonical name for <paramref name="holder"/>; false when someone else has it.</summary>
    public bool TryClaim(string canonicalName, THolder holder)
    {
        var key = NameRules.Key(canonicalName);
        if (_byKey.TryGetValue(key, out var current))
            return EqualityComparer<THolder>.Default.Equals(current.Holder, holder) && current.Name == canonicalName;
        if (_keyByHolder.ContainsKey(holder)) return false;
        _byKey[key] = (canonicalName, holder);
        _keyByHolder[holder] = key;
        return true;
    }

    /// <summary>Frees the holder's name, if it has one.</summary>
    public void Release(THolder holder)
    {
        if (_keyByHolder.Remove(holder, out var key)) _byKey.Remove(key);
    }

    /// <summary>The holder and exact name for a (possibly differently cased) name.</summary>
    public bool TryFind(string name, out THolder holder, out string canonicalName)
    {
        var canonical = NameRules.Canonicalize(name);
        if (canonical is not null && _byKey.TryGetValue(NameRules.Key(canonical), out var entry))
        {
            (canonicalName, holder) = entry;
            return true;
        }
        holder = default!;
        canonicalName = "";
        return false;
    }

    public string? NameOf(THolder holder) =>
        _keyByHolder.TryGetValue(holder, out var key) ? _byKey[key].Name : null;
}
