using ActorChat.Client.Input;
using ActorChat.Messages;
using ActorChat.Messages.Commands;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using Akka.Actor;

namespace ActorChat.Client.Session;

/// <summary>
/// <c>/register</c> and <c>/passwd</c>: asks for the passwords without echo (the current one, then
/// the new one twice), sends <c>register</c> or <c>passwd</c>, and reports the server's answer.
/// </summary>
/// <remarks>
/// A child of the <see cref="LoginGate"/>, which passes on the answers whose ref starts with
/// <see cref="RefPrefix"/>; its prompts are asked through the session (<see cref="AskForSecret"/>),
/// and the typed secrets come straight back from the <see cref="ISecretInput"/>. One step per behaviour: idle, asking for the
/// current password, the new one, the new one again, waiting for the answer. The passwords live
/// only in the current behaviour and are gone once it is left. An empty line cancels.
/// </remarks>
public sealed class PasswordDialog : ReceiveActor, IWithTimers
{
    /// <summary>The ids of the dialog's requests start with this, so the session knows whose answer it is.</summary>
    public const string RefPrefix = "account-";

    private const string AnswerTimerKey = "answer";

    private readonly IActorRef _session;
    private readonly string? _passwordFile;
    private readonly TimeSpan _answerTimeout;
    private long _requestCount;

    public PasswordDialog(IActorRef session, string? passwordFile, TimeSpan answerTimeout)
    {
        _session = session;
        _passwordFile = passwordFile;
        _answerTimeout = answerTimeout;
        Idle();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The server answers a refusal after about 1 s, a password check takes a moment: 30 s is plenty.</summary>
    public static readonly TimeSpan DefaultAnswerTimeout = TimeSpan.FromSeconds(30);

    /// <param name="passwordFile">The session's <c>--password-file</c>, to say that it is not rewritten; null when none.</param>
    /// <param name="session">Where requests, notices and prompts go (through the gate, to the session).</param>
    public static Props Props(IActorRef session, string? passwordFile, TimeSpan? answerTimeout = null) =>
        Akka.Actor.Props.Create(() => new PasswordDialog(session, passwordFile, answerTimeout ?? DefaultAnswerTimeout));

    public static bool IsDialogRef(RequestRef? reference) =>
        reference?.ToString() is { } text && text.StartsWith(RefPrefix, StringComparison.Ordinal);

    private void Idle()
    {
        Receive<StartPasswordDialog>(OnStart);
        Receive<CancelPasswordDialog>(_ => { });
        Receive<TypedSecret>(_ => { });
        Receive<OkEvent>(_ => { });
        Receive<ErrorEvent>(_ => { });
        Receive<AnswerOverdue>(_ => { });
    }

    private void OnStart(StartPasswordDialog start)
    {
        Say(PasswordDialogWords.Start(start.Kind, start.Name));
        if (start.Kind == AccountCommandKind.Register) AskForNew(start, current: null);
        else AskForCurrent(start);
    }

    private void AskForCurrent(StartPasswordDialog dialog)
    {
        Ask(PasswordDialogWords.CurrentPrompt(dialog.Name));
        Become(() =>
        {
            Receive<TypedSecret>(typed => OnCurrent(dialog, typed));
            Busy(dialog);
        });
    }

    private void OnCurrent(StartPasswordDialog dialog, TypedSecret typed)
    {
        if (!Cancelled(dialog, typed)) AskForNew(dialog, typed.Secret);
    }

    private void AskForNew(StartPasswordDialog dialog, Password? current)
    {
        Ask(PasswordDialogWords.NewPrompt(dialog.Name));
        Become(() =>
        {
            Receive<TypedSecret>(typed => OnNew(dialog, current, typed));
            Busy(dialog);
        });
    }

    private void OnNew(StartPasswordDialog dialog, Password? current, TypedSecret typed)
    {
        if (Cancelled(dialog, typed)) return;
        if (PasswordRules.Check(typed.Secret) is not null)
        {
            Say(PasswordDialogWords.Weak, isError: true);
            AskForNew(dialog, current);
            return;
        }
        Ask(PasswordDialogWords.RepeatPrompt);
        Become(() =>
        {
            Receive<TypedSecret>(again => OnRepeated(dialog, current, typed.Secret, again));
            Busy(dialog);
        });
    }

    private void OnRepeated(StartPasswordDialog dialog, Password? current, Password fresh, TypedSecret again)
    {
        if (Cancelled(dialog, again)) return;
        if (!fresh.Equals(again.Secret))
        {
            Say(PasswordDialogWords.Differ, isError: true);
            AskForNew(dialog, current);
            return;
        }
        var id = RequestRef.Of(RefPrefix + ++_requestCount);
        ClientRequest request = current is null
            ? new RegisterRequest(dialog.Name, fresh) { Id = id }
            : new PasswdRequest(current, fresh) { Id = id };
        _session.Tell(new DialogRequest(request));
        Timers.StartSingleTimer(AnswerTimerKey, AnswerOverdue.Instance, _answerTimeout);
        Become(() =>
        {
            Receive<OkEvent>(ok => ok.Ref == id, _ => OnAccepted(dialog, fresh));
            Receive<ErrorEvent>(error => error.Ref == id, error => OnRefused(dialog, error));
            Receive<AnswerOverdue>(_ => OnAnswerOverdue(dialog));
            Busy(dialog);
        });
    }

    private void OnAccepted(StartPasswordDialog dialog, Password fresh)
    {
        _session.Tell(new AccountPasswordSet(fresh, dialog.Kind));
        Finish(PasswordDialogWords.Done(dialog.Kind, dialog.Name, _passwordFile), isError: false);
    }

    private void OnRefused(StartPasswordDialog dialog, ErrorEvent error) =>
        Finish(PasswordDialogWords.Refused(error, dialog.Kind, dialog.Name), isError: true);

    private void OnAnswerOverdue(StartPasswordDialog dialog) =>
        Finish(PasswordDialogWords.Cancelled(dialog.Kind, "no answer from the server"), isError: true);

    private void OnCancel(StartPasswordDialog dialog, CancelPasswordDialog cancel)
    {
        _session.Tell(new StopAskingForSecret(Self));
        Finish(PasswordDialogWords.Cancelled(dialog.Kind, cancel.Why), isError: false);
    }

    /// <summary>What every step but idle does with a new command, a cancel and stray answers (registered after the step's own handlers).</summary>
    private void Busy(StartPasswordDialog dialog)
    {
        Receive<StartPasswordDialog>(_ => Say(PasswordDialogWords.Busy, isError: true));
        Receive<CancelPasswordDialog>(cancel => OnCancel(dialog, cancel));
        Receive<TypedSecret>(_ => { });
        Receive<OkEvent>(_ => { });
        Receive<ErrorEvent>(_ => { });
        Receive<AnswerOverdue>(_ => { });
    }

    /// <summary>An empty line cancels the dialog: true when it did.</summary>
    private bool Cancelled(StartPasswordDialog dialog, TypedSecret typed)
    {
        if (!typed.IsEmpty) return false;
        Finish(PasswordDialogWords.Cancelled(dialog.Kind, "no password typed"), isError: false);
        return true;
    }

    private void Finish(string line, bool isError)
    {
        Timers.Cancel(AnswerTimerKey);
        Say(line, isError);
        Become(Idle);
    }

    private void Say(string line, bool isError = false) => _session.Tell(new DialogNotice(line, isError));

    private void Ask(string prompt) => _session.Tell(new AskForSecret(prompt, Self));

    /// <summary>Timer: the server did not answer the request in time.</summary>
    private sealed class AnswerOverdue
    {
        public static readonly AnswerOverdue Instance = new();
    }
}
