using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Rules;

namespace ActorChat.Client.Input;

/// <summary>
/// Turns a line the user typed into a request, a local action or a usage error.
/// A plain line is a <c>say</c> to the current room; a line starting with <c>/</c> is a
/// command. Checks what it can locally (names, text rules) so simple mistakes get a
/// clear message instead of a server error round trip.
/// </summary>
public sealed class CommandParser
{
    public const string HelpText =
        """
        Type a line to say it in the current room. Commands:
          /join ROOM          enter ROOM (created if needed); it becomes the current room
          /leave [ROOM]       leave ROOM (default: the current room)
          /who [ROOM]         list the members of ROOM (default: the current room)
          /rooms              list the rooms that have members
          /msg NAME TEXT      send TEXT privately to NAME
          /history [ROOM]     show recent messages of ROOM (default: the current room)
          /switch NAME        talk in room NAME, or privately to NAME (Alt+1..9 in full screen)
          /register           make your guest name an account: asks for a new password twice (not shown)
          /passwd             change your account's password: asks for the old one and the new one (not shown)
          /quit               leave the server
          /help               show this help
          //TEXT              say TEXT starting with a single '/'
        """;

    private readonly int _maxTextLength;

    public CommandParser(int maxTextLength = ProtocolInfo.DefaultMaxTextLength) => _maxTextLength = maxTextLength;

    /// <param name="line">The line as typed, without its line break.</param>
    /// <param name="currentRoom">Where a plain line goes; null when the client is in no room.</param>
    public ParsedInput Parse(string line, string? currentRoom)
    {
        // Terminals and Windows pipes may leave a CR; it is never meant as text.
        line = line.TrimEnd('\r');
        if (string.IsNullOrWhiteSpace(line)) return NothingToDo.Instance;

        if (!line.StartsWith('/')) return Say(line, currentRoom);
        if (line.StartsWith("//", StringComparison.Ordinal)) return Say(line[1..], currentRoom);

        var (command, rest) = SplitWord(line[1..]);
        return command.ToLowerInvariant() switch
        {
            "join" => OneRoom(rest, null, "/join ROOM", room => new JoinRequest(room)),
            "leave" => OneRoom(rest, currentRoom, "/leave [ROOM]", room => new LeaveRequest(room)),
            "who" => OneRoom(rest, currentRoom ?? ProtocolInfo.Lobby, "/who [ROOM]", room => new WhoRequest(room)),
            "history" => OneRoom(rest, currentRoom, "/history [ROOM]", room => new HistoryRequest(room)),
            "rooms" => rest.Length == 0 ? new SendToServer(new RoomsRequest()) : new UsageError("usage: /rooms"),
            "msg" => DirectMessage(rest),
            "switch" => SwitchTo(rest),
            "register" => Account(rest, AccountCommandKind.Register, "/register"),
            "passwd" => Account(rest, AccountCommandKind.ChangePassword, "/passwd"),
            "quit" => new SendToServer(new QuitRequest()),
            "help" or "?" => new ShowLocally(HelpText),
            "" => new UsageError("empty command; type /help for the list of commands"),
            _ => new UsageError($"unknown command /{command}; type /help for the list of commands, or //{command} to say it"),
        };
    }

    private ParsedInput Say(string text, string? currentRoom)
    {
        if (currentRoom is null) return new UsageError("you are not in any room; /join ROOM first, or /msg NAME TEXT");
        return CheckText(text) ?? new SendToServer(new SayRequest(text, currentRoom));
    }

    private ParsedInput DirectMessage(string rest)
    {
        var (name, text) = SplitWord(rest);
        if (name.Length == 0 || text.Length == 0) return new UsageError("usage: /msg NAME TEXT");
        if (!NameRules.IsValid(name)) return new UsageError($"\"{name}\" is not a valid user name ({NameRules.Description})");
        return CheckText(text) ?? new SendToServer(new DmRequest(name, text));
    }

    private static ParsedInput OneRoom(string rest, string? defaultRoom, string usage, Func<string, ClientRequest> makeRequest)
    {
        var (room, extra) = SplitWord(rest);
        if (extra.Length > 0) return new UsageError("usage: " + usage);
        if (room.Length == 0)
        {
            if (defaultRoom is null)
                return new UsageError(usage.Contains('[') ? $"you are not in any room; usage: {usage}" : "usage: " + usage);
            room = defaultRoom;
        }
        if (!NameRules.IsValid(room)) return new UsageError($"\"{room}\" is not a valid room name ({NameRules.Description})");
        return new SendToServer(makeRequest(room));
    }

    private static ParsedInput SwitchTo(string rest)
    {
        var (name, extra) = SplitWord(rest);
        if (name.Length == 0 || extra.Length > 0) return new UsageError("usage: /switch NAME");
        if (!NameRules.IsValid(name)) return new UsageError($"\"{name}\" is not a valid room or user name ({NameRules.Description})");
        return new SwitchConversation(name);
    }

    /// <summary>The passwords are asked for without echo; whatever follows the command is not repeated (it may be one).</summary>
    private static ParsedInput Account(string rest, AccountCommandKind kind, string command) =>
        rest.Length == 0
            ? new AccountCommand(kind)
            : new UsageError($"usage: {command} alone; the passwords are asked for and not shown (never type one on the command line)");

    private ParsedInput? CheckText(string text) =>
        TextRules.Check(text, _maxTextLength) is { } problem ? new UsageError(problem) : null;

    /// <summary>The first space-separated word, and the rest of the line with its leading spaces removed.</summary>
    private static (string Word, string Remainder) SplitWord(string text)
    {
        text = text.TrimStart(' ', '\t');
        var end = text.IndexOfAny([' ', '\t']);
        return end < 0 ? (text, string.Empty) : (text[..end], text[(end + 1)..].TrimStart(' ', '\t'));
    }
}
