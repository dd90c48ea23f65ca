using System.Globalization;
using ActorChat.Messages.Events;

namespace ActorChat.Client.Output;

/// <summary>
/// Turns server events into the lines the user reads, e.g. <c>12:03 [lobby] alice: hello</c>.
/// </summary>
/// <remarks>
/// Plain text only (no colours or cursor moves) so the output can be read by a script.
/// Every string that came from the network goes through <see cref="TerminalText"/>.
/// A multi-line message is one logical entry whose continuation lines are indented,
/// so a reader can tell where the next entry starts.
/// Times are shown as local HH:mm in the zone of the given <see cref="TimeProvider"/>,
/// which also supplies "now" for events that carry no time (joined, left).
/// </remarks>
public sealed class EventFormatter
{
    /// <summary>Indent of a message's continuation lines: the width of "HH:mm ".</summary>
    public const string ContinuationIndent = "      ";

    private readonly TimeProvider _clock;

    public EventFormatter(TimeProvider clock) => _clock = clock;

    /// <summary>The lines to print for one event; empty for events the user need not see (pong).</summary>
    public IReadOnlyList<string> Format(ServerEvent serverEvent) => serverEvent switch
    {
        WelcomeEvent welcome => FormatWelcome(welcome),
        ChatMessage message => FormatMessage(message),
        JoinedEvent joined => [$"{Now()} [{One(joined.Room)}] * {One(joined.Name)} joined ({Members(joined.Members)})"],
        LeftEvent left => [$"{Now()} [{One(left.Room)}] * {One(left.Name)} left ({One(left.Reason)}, {Members(left.Members)})"],
        HistoryEvent history => FormatHistory(history),
        DirectHistoryEvent history => FormatDirectHistory(history),
        OkEvent => [],
        WhoEvent who => [$"[{One(who.Room)}] {Members(who.Members.Count)}: {string.Join(", ", who.Members.Select(One))}"],
        RoomsEvent rooms => FormatRooms(rooms),
        PongEvent => [],
        ErrorEvent error => [$"! {One(error.Code)}: {One(error.Message)}"],
        ByeEvent bye => [$"* the server says bye: {One(bye.Reason)}"],
        _ => [$"* (unrecognised event {One(serverEvent.Type)})"],
    };

    /// <summary>A room post or dm, text indented on continuation lines.</summary>
    public IReadOnlyList<string> FormatMessage(ChatMessage message)
    {
        var time = Clock(message.Time);
        var prefix = message.IsDirect
            ? $"{time} [dm {One(message.From)} -> {One(message.To)}] "
            : $"{time} [{One(message.Room)}] {One(message.From)}: ";

        var lines = TerminalText.Escape(message.Text).Split('\n');
        var output = new List<string>(lines.Length) { prefix + lines[0] };
        for (var i = 1; i < lines.Length; i++) output.Add(ContinuationIndent + lines[i]);
        return output;
    }

    private List<string> FormatWelcome(WelcomeEvent welcome)
    {
        var lines = new List<string> { $"* welcome, {One(welcome.Name)} ({One(welcome.Server)}, protocol {welcome.Protocol}); type /help for commands" };
        if (!string.IsNullOrEmpty(welcome.Motd))
        {
            var motd = TerminalText.Escape(welcome.Motd).Split('\n');
            lines.Add("* " + motd[0]);
            lines.AddRange(motd.Skip(1).Select(line => "  " + line));
        }
        return lines;
    }

    private List<string> FormatHistory(HistoryEvent history) => [.. FormatHistoryRows(history).Select(row => row.Line)];

    /// <summary>The lines of a history, each with the sender of the message it belongs to (null for the header and footer).</summary>
    public IReadOnlyList<(string Line, string? Sender)> FormatHistoryRows(HistoryEvent history)
    {
        var room = One(history.Room);
        if (history.Messages.Count == 0) return [($"[{room}] no earlier messages", null)];

        var rows = new List<(string, string?)> { ($"[{room}] history, {Count(history.Messages.Count, "message")}:", null) };
        foreach (var message in history.Messages) rows.AddRange(FormatMessage(message).Select(line => (line, (string?)message.From)));
        rows.Add(($"[{room}] end of history", null));
        return rows;
    }

    /// <summary>A page of direct messages with one user, like a room's history under <c>[dm PEER]</c>.</summary>
    private List<string> FormatDirectHistory(DirectHistoryEvent history)
    {
        var peer = "dm " + One(history.With);
        if (history.Messages.Count == 0) return [$"[{peer}] no earlier messages"];
        var lines = new List<string> { $"[{peer}] history, {Count(history.Messages.Count, "message")}:" };
        foreach (var message in history.Messages) lines.AddRange(FormatMessage(message));
        lines.Add($"[{peer}] end of history");
        return lines;
    }

    private static List<string> FormatRooms(RoomsEvent rooms)
    {
        if (rooms.Rooms.Count == 0) return ["no rooms have members"];
        var list = string.Join(", ", rooms.Rooms.Select(r => $"{One(r.Name)} ({r.Members})"));
        return [$"{Count(rooms.Rooms.Count, "room")}: {list}"];
    }

    private string Now() => Clock(_clock.GetUtcNow().UtcDateTime);

    private string Clock(DateTime time)
    {
        // The protocol sends UTC; a DateTime of unspecified kind from the decoder is UTC too.
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
        return TimeZoneInfo.ConvertTimeFromUtc(utc, _clock.LocalTimeZone).ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    private static string Members(int count) => Count(count, "member");

    private static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");

    /// <summary>A field that must stay on one line, made safe.</summary>
    private static string One(string? text) => TerminalText.EscapeSingleLine(text);
}
