using System.Collections.ObjectModel;
using ActorChat.Client.Output;
using ActorChat.Client.Session;
using ActorChat.Messages.Events;
using ActorChat.Messages.Rules;
using Terminal.Gui.App;

namespace ActorChat.Client.Screen;

/// <summary>
/// The full-screen side of <see cref="ISessionDisplay"/>: keeps one list of lines per
/// conversation and the latest status, and hands every change to the UI thread through
/// <see cref="IApplication.Invoke(Action)"/> (Terminal.Gui is not thread-safe; the session
/// calls from an actor thread).
/// </summary>
public sealed class ScreenDisplay : ISessionDisplay
{
    private readonly IApplication _app;
    private readonly Dictionary<string, ObservableCollection<ScreenLine>> _panes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Key, ScreenLine Line)> _pendingLines = [];
    private readonly Action<ScreenDisplay> _changed;
    private readonly TimeProvider _clock;
    private readonly EventFormatter _formatter;

    public ScreenDisplay(IApplication app, TimeProvider clock, Action<ScreenDisplay> changed)
    {
        _app = app;
        _clock = clock;
        _formatter = new EventFormatter(clock);
        _changed = changed;
    }

    /// <summary>The lines of the conversation in front (UI thread only).</summary>
    public ObservableCollection<ScreenLine> Front => Pane(FrontKey);

    public string FrontKey { get; private set; } = "#lobby";

    public SessionStatus? LastStatus { get; private set; }

    public void Notice(string? conversationKey, IReadOnlyList<string> lines) =>
        OnUi(() => AddLines(conversationKey ?? FrontKey, lines));

    public void Message(string conversationKey, ChatMessage message, bool own, IReadOnlyList<string> lines) =>
        OnUi(() =>
        {
            var shown = Mark(lines, own);
            if (message.Ref?.ToString() is { } reference && _pendingLines.Remove(reference, out var pending))
            {
                // The server's copy replaces the line that was shown as pending.
                var pane = Pane(pending.Key);
                pane.Remove(pending.Line);
            }
            AddLines(conversationKey, shown, message.From);
        });

    /// <summary>The history's rows carry their senders, for the colours; the plain lines are the same text without them.</summary>
    public void History(string conversationKey, HistoryEvent history, IReadOnlyList<ChatMessage> fresh, IReadOnlyList<string> lines)
    {
        var rows = _formatter.FormatHistoryRows(history);
        OnUi(() =>
        {
            var pane = Pane(conversationKey);
            foreach (var (line, sender) in rows) pane.Add(new ScreenLine(line, sender));
        });
    }

    public void Pending(PendingLine line, IReadOnlyList<string> lines) =>
        OnUi(() =>
        {
            var row = new ScreenLine($"{_clock.GetLocalNow():HH:mm} (pending) {TerminalText.EscapeSingleLine(line.Text)}");
            _pendingLines[line.Ref.ToString()] = (line.ConversationKey, row);
            Pane(line.ConversationKey).Add(row);
        });

    public void Status(SessionStatus status) =>
        OnUi(() =>
        {
            LastStatus = status;
            if (status.Front is { } front) FrontKey = front.StartsWith('@') ? "@" + NameRules.Key(front[1..]) : "#" + NameRules.Key(front);
        });

    /// <summary>Messages of one's own are marked so they stand out in a busy room.</summary>
    private static IReadOnlyList<string> Mark(IReadOnlyList<string> lines, bool own) =>
        own && lines.Count > 0 ? [lines[0] + "  ◂", .. lines.Skip(1)] : lines;

    private void AddLines(string key, IReadOnlyList<string> lines, string? sender = null)
    {
        var pane = Pane(key);
        foreach (var line in lines) pane.Add(new ScreenLine(line, sender));
    }

    private ObservableCollection<ScreenLine> Pane(string key)
    {
        if (!_panes.TryGetValue(key, out var pane)) _panes[key] = pane = [];
        return pane;
    }

    private void OnUi(Action change) =>
        _app.Invoke(() =>
        {
            change();
            _changed(this);
        });
}
