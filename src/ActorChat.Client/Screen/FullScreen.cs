using ActorChat.Client.Output;
using ActorChat.Client.Session;
using Akka.Actor;
using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace ActorChat.Client.Screen;

/// <summary>
/// The full-screen client (Terminal.Gui): a message pane per conversation, the member list,
/// a status line and an input line with history and Tab completion. The chat itself is the
/// same <see cref="ChatSession"/> as in plain mode; this only draws and takes keys.
/// </summary>
public static class FullScreen
{
    private static readonly string[] Commands = ["/join", "/leave", "/who", "/rooms", "/msg", "/history", "/switch", "/register", "/passwd", "/quit", "/help"];

    public static int Run(ActorSystem system, SessionSettings settings, ISessionRecorder recorder)
    {
        using var app = Application.Create();
        app.Init();
        var exitCode = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var window = new Window { Title = "ActorChat", Width = Dim.Fill(), Height = Dim.Fill() };
        var messages = new ListView { X = 0, Y = 0, Width = Dim.Fill(22), Height = Dim.Fill(2) };
        var members = new ListView { X = Pos.AnchorEnd(22), Y = 0, Width = 22, Height = Dim.Fill(2), Title = "members" };
        var status = new Label { X = 0, Y = Pos.AnchorEnd(2), Width = Dim.Fill(), Text = "connecting" };
        var input = new TextField { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill() };
        window.Add(messages, members, status, input);

        var colours = new NameColours();
        var typed = new List<string>();
        var historyIndex = 0;
        IActorRef session = ActorRefs.Nobody;

        void Redraw(ScreenDisplay display)
        {
            messages.SetSource(display.Front);
            if (display.Front.Count > 0) messages.SelectedItem = display.Front.Count - 1;
            if (display.LastStatus is { } s)
            {
                members.SetSource(new System.Collections.ObjectModel.ObservableCollection<string>(s.Members.Select(TerminalText.EscapeSingleLine)));
                status.Text = StatusLine(s);
            }
        }

        // A recalled or completed line is typed on at its end, not where the cursor happened to be.
        void ReplaceInput(string text)
        {
            input.Text = text;
            input.InsertionPoint = text.Length;
        }

        var display = new ScreenDisplay(app, TimeProvider.System, Redraw);
        messages.RowRender += (_, row) =>
        {
            // Each sender's lines in their own colour; the selected row keeps its highlight.
            if (row.Row == messages.SelectedItem || row.Row >= display.Front.Count || display.Front[row.Row].Sender is not { } sender) return;
            row.RowAttribute = new Terminal.Gui.Drawing.Attribute(colours.For(sender), messages.GetAttributeForRole(VisualRole.Normal).Background);
        };
        var secrets = new ScreenSecretInput(app, window, input);
        session = system.ActorOf(ChatSession.Props(settings with { SecretInput = secrets }, display, TimeProvider.System, exitCode, recorder), "session");
        _ = exitCode.Task.ContinueWith(_ => app.Invoke(() => app.RequestStop()), TaskScheduler.Default);

        input.KeyDown += (_, key) =>
        {
            if (key == Key.Enter)
            {
                var line = input.Text ?? string.Empty;
                input.Text = string.Empty;
                // A password typed after /register or /passwd by mistake is not kept for recall.
                if (line.Length > 0 && !IsAccountCommandWithArguments(line)) typed.Add(line);
                historyIndex = typed.Count;
                session.Tell(new TypedLine(line));
                key.Handled = true;
            }
            else if (key == Key.CursorUp && typed.Count > 0)
            {
                historyIndex = Math.Max(0, historyIndex - 1);
                ReplaceInput(typed[historyIndex]);
                key.Handled = true;
            }
            else if (key == Key.CursorDown)
            {
                historyIndex = Math.Min(typed.Count, historyIndex + 1);
                ReplaceInput(historyIndex < typed.Count ? typed[historyIndex] : string.Empty);
                key.Handled = true;
            }
            else if (key == Key.Tab)
            {
                ReplaceInput(Complete(input.Text ?? string.Empty, display.LastStatus));
                key.Handled = true;
            }
            else if (key == Key.PageUp || key == Key.PageDown)
            {
                messages.NewKeyDownEvent(key);
                key.Handled = true;
            }
        };
        window.KeyDown += (_, key) =>
        {
            if (key == Key.Q.WithCtrl)
            {
                session.Tell(new TypedLine("/quit"));
                key.Handled = true;
                return;
            }
            var digit = AltDigit(key);
            if (digit > 0 && display.LastStatus is { } s && digit <= s.Conversations.Count)
            {
                session.Tell(new TypedLine("/switch " + s.Conversations[digit - 1].TrimStart('@')));
                key.Handled = true;
            }
        };
        input.SetFocus();

        // The status line counts the reconnect delay down; nothing else changes meanwhile to redraw it.
        using var countdown = new Timer(
            _ => app.Invoke(() =>
            {
                if (display.LastStatus is { Connection: ConnectionState.Reconnecting } s) status.Text = StatusLine(s);
            }),
            null,
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(1));

        app.Run(window);
        countdown.Dispose();
        window.Dispose();
        // Esc (Terminal.Gui's own quit key) ends the screen; the session still says goodbye.
        if (!exitCode.Task.IsCompleted) session.Tell(new TypedLine("/quit"));
        return exitCode.Task.Wait(TimeSpan.FromSeconds(6)) ? exitCode.Task.Result : ExitCodes.ConnectionLost;
    }

    private static bool IsAccountCommandWithArguments(string line) =>
        line.StartsWith("/register ", StringComparison.OrdinalIgnoreCase) || line.StartsWith("/passwd ", StringComparison.OrdinalIgnoreCase);

    private static int AltDigit(Key key)
    {
        Key[] digits = [Key.D1, Key.D2, Key.D3, Key.D4, Key.D5, Key.D6, Key.D7, Key.D8, Key.D9];
        for (var i = 0; i < digits.Length; i++)
        {
            if (key == digits[i].WithAlt) return i + 1;
        }
        return 0;
    }

    /// <summary>Completes the last word: a command at the start of the line, else a member name.</summary>
    internal static string Complete(string text, SessionStatus? status)
    {
        var start = text.LastIndexOf(' ') + 1;
        var word = text[start..];
        if (word.Length == 0) return text;
        IEnumerable<string> candidates = start == 0 && word.StartsWith('/') ? Commands : status?.Members ?? [];
        var match = candidates.FirstOrDefault(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase));
        return match is null ? text : text[..start] + match + (start == 0 ? " " : "");
    }

    internal static string StatusLine(SessionStatus status)
    {
        var connection = status.Connection switch
        {
            ConnectionState.Connected => "connected",
            ConnectionState.Reconnecting when status.ReconnectAt is { } at =>
                $"reconnecting in {Math.Max(0, (int)Math.Ceiling((at - DateTimeOffset.UtcNow).TotalSeconds))}s",
            ConnectionState.Reconnecting => "reconnecting",
            ConnectionState.Connecting => "connecting",
            ConnectionState.AwaitingPassword => "password needed",
            _ => "offline",
        };
        var parts = new List<string> { connection };
        if (status.Name is { } name) parts.Add(TerminalText.EscapeSingleLine(name));
        if (status.Front is { } front) parts.Add($"[{TerminalText.EscapeSingleLine(front)}] {status.MemberCount} {(status.MemberCount == 1 ? "member" : "members")}");
        if (status.Unread.Count > 0) parts.Add("unread: " + string.Join(", ", status.Unread.Select(u => $"{TerminalText.EscapeSingleLine(u.Name)} {u.Unread}")));
        if (status.PendingCount > 0) parts.Add($"{status.PendingCount} pending");
        return string.Join(" | ", parts);
    }
}
