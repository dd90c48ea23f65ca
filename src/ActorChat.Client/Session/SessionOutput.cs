using ActorChat.Client.Network;
using ActorChat.Client.Output;
using ActorChat.Messages.Events;

namespace ActorChat.Client.Session;

/// <summary>
/// What a <see cref="ChatSession"/> shows, and which of it goes to the history file: one
/// place that formats, records and hands lines to the <see cref="ISessionDisplay"/>.
/// </summary>
/// <remarks>
/// Lines about the chat (events, messages, connection notices) are recorded; local output
/// (prompts, /help, usage errors) is not, since it is not part of the conversation.
/// </remarks>
public sealed class SessionOutput
{
    private readonly ISessionDisplay _display;
    private readonly ISessionRecorder _recorder;
    private readonly EventFormatter _formatter;

    public SessionOutput(ISessionDisplay display, ISessionRecorder recorder, TimeProvider clock)
    {
        _display = display;
        _recorder = recorder;
        _formatter = new EventFormatter(clock);
    }

    /// <summary>A line about the chat: shown and recorded.</summary>
    public void Show(string text)
    {
        _display.Notice(null, [text]);
        _recorder.Shown(text);
    }

    /// <summary>A line about something that went wrong: shown, recorded and in the error log.</summary>
    public void ShowError(string text)
    {
        Show(text);
        _recorder.Error(text);
    }

    /// <summary>A line about the chat that says by its first character what it is: "!" an error (<see cref="ShowError"/>), else <see cref="Show"/>.</summary>
    public void Notice(string text)
    {
        if (text.StartsWith('!')) ShowError(text);
        else Show(text);
    }

    /// <summary>A local line (<see cref="Print"/>) that, when <paramref name="isError"/>, also goes to the error log.</summary>
    public void Local(string text, bool isError)
    {
        Print(text);
        if (isError) _recorder.Error(text);
    }

    /// <summary>A local line (prompt, help, usage error): shown, not part of the history.</summary>
    public void Print(string text) => _display.Notice(null, text.Split('\n'));

    /// <summary>Only to the error log: the user sees the matching line elsewhere, or not at all.</summary>
    public void RecordError(string text) => _recorder.Error(text);

    public void LoggedIn(string name) => _recorder.LoggedIn(name);

    /// <summary>A frame the connection could not read: an error line, its code and message escaped.</summary>
    public void Unreadable(UnreadableFrame frame) =>
        ShowError($"! unreadable frame from the server ({TerminalText.EscapeSingleLine(frame.Error.Code)}): {TerminalText.EscapeSingleLine(frame.Error.Message)}");

    /// <summary>A server event that is not a message; errors also go to the error log.</summary>
    public void Event(string? conversationKey, ServerEvent serverEvent)
    {
        var lines = _formatter.Format(serverEvent);
        foreach (var line in lines)
        {
            _recorder.Shown(line);
            if (serverEvent is ErrorEvent) _recorder.Error(line);
        }
        if (lines.Count > 0) _display.Notice(conversationKey, lines);
    }

    /// <summary>A message shown for the first time (duplicates were dropped before).</summary>
    public void Message(string conversationKey, ChatMessage message, bool own)
    {
        var lines = _formatter.FormatMessage(message);
        foreach (var line in lines) _recorder.Shown(line);
        _display.Message(conversationKey, message, own, lines);
    }

    public void History(string conversationKey, IReadOnlyList<ChatMessage> fresh, HistoryEvent history)
    {
        var lines = _formatter.Format(history);
        foreach (var line in lines) _recorder.Shown(line);
        _display.History(conversationKey, history, fresh, lines);
    }

    /// <summary>A page of direct messages asked for outside a catch-up: shown as lines in that conversation.</summary>
    public void DirectHistory(string conversationKey, DirectHistoryEvent history)
    {
        var lines = _formatter.Format(history);
        foreach (var line in lines) _recorder.Shown(line);
        _display.Notice(conversationKey, lines);
    }

    /// <summary>A typed line held until the server's copy arrives; <paramref name="waitingFor"/> says why it was not sent yet, if so.</summary>
    public void Pending(PendingLine line, string? waitingFor) =>
        _display.Pending(line, waitingFor is null ? [] : [$"* {waitingFor}: {TerminalText.EscapeSingleLine(line.Text)}"]);

    public void Status(SessionStatus status) => _display.Status(status);
}
