using ActorChat.Messages.Rules;

namespace ActorChat.Server.Users;

/// <summary>
/// Ids of direct messages: increasing within each pair of users (PROTOCOL.md), so that
/// both people see one sequence for their conversation, whichever of them wrote.
/// </summary>
public sealed class DirectMessageCounter
{
    private readonly Dictionary<(string, string), long> _lastIds = new();

    public long Next(string from, string to)
    {
        var a = NameRules.Key(from);
        var b = NameRules.Key(to);
        var pair = string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
        var id = _lastIds.GetValueOrDefault(pair) + 1;
        _lastIds[pair] = id;
        return id;
    }
}
