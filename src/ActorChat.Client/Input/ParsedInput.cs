using ActorChat.Messages.Commands;

namespace ActorChat.Client.Input;

/// <summary>What one typed line means.</summary>
public abstract record ParsedInput;

/// <summary>Send this request to the server.</summary>
public sealed record SendToServer(ClientRequest Request) : ParsedInput;

/// <summary>Show this text locally (e.g. /help); nothing goes to the server.</summary>
public sealed record ShowLocally(string Text) : ParsedInput;

/// <summary>The line cannot be sent as typed; tell the user why.</summary>
public sealed record UsageError(string Message) : ParsedInput;

/// <summary>A blank line: do nothing.</summary>
public sealed record NothingToDo : ParsedInput
{
    public static readonly NothingToDo Instance = new();
}

/// <summary>Bring the room or direct conversation NAME to the front: plain lines go there.</summary>
public sealed record SwitchConversation(string Name) : ParsedInput;

/// <summary>Which password dialog a command starts.</summary>
public enum AccountCommandKind
{
    /// <summary><c>/register</c>: the guest name becomes an account.</summary>
    Register,

    /// <summary><c>/passwd</c>: the account's password changes.</summary>
    ChangePassword,
}

/// <summary><c>/register</c> or <c>/passwd</c>: a dialog that asks for passwords without echo.</summary>
public sealed record AccountCommand(AccountCommandKind Kind) : ParsedInput;
