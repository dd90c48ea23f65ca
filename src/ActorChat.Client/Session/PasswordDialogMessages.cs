using ActorChat.Client.Input;
using ActorChat.Messages;
using ActorChat.Messages.Commands;

namespace ActorChat.Client.Session;

// What the session and its PasswordDialog tell each other.

/// <summary>To the dialog: <c>/register</c> or <c>/passwd</c> was typed by <paramref name="Name"/>, who may do it.</summary>
public sealed record StartPasswordDialog(AccountCommandKind Kind, string Name);

/// <summary>To the dialog: stop asking and waiting (the connection was lost, a login needs the password prompt); says why.</summary>
public sealed record CancelPasswordDialog(string Why);

/// <summary>From the dialog: send this request (its id marks the answer for the dialog, <see cref="PasswordDialog.IsDialogRef"/>).</summary>
public sealed record DialogRequest(ClientRequest Request);

/// <summary>From the dialog: a line to show (never a password); <paramref name="IsError"/> also puts it in the error log.</summary>
public sealed record DialogNotice(string Line, bool IsError);

/// <summary>From the dialog: the server answered <c>ok</c>; the name is an account with this password now (keep it for re-logins).</summary>
public sealed record AccountPasswordSet(Password Password, AccountCommandKind Kind);
