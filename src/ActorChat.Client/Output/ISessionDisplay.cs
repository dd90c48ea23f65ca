using ActorChat.Client.Session;
using ActorChat.Messages.Events;

namespace ActorChat.Client.Output;

/// <summary>
/// Where a <see cref="ChatSession"/> shows things: one line per event on a plain stream
/// (<see cref="PlainDisplay"/>), or the full-screen client's views.
/// </summary>
/// <remarks>
/// Every call carries the plain, escaped lines as well as the structured data, so a plain
/// display need not know the formats and a full-screen one may ignore the lines.
/// Calls come from the session actor's thread; an implementation that draws on another
/// thread must hand them over itself.
/// </remarks>
public interface ISessionDisplay
{
    /// <summary>Lines that are not messages (joined, left, errors, help, prompts); <paramref name="conversationKey"/> null means the one in front.</summary>
    void Notice(string? conversationKey, IReadOnlyList<string> lines);

    /// <summary>A message to show once (duplicates were already dropped).</summary>
    void Message(string conversationKey, ChatMessage message, bool own, IReadOnlyList<string> lines);

    /// <summary>A room's history: <paramref name="fresh"/> are its messages not shown before.</summary>
    void History(string conversationKey, HistoryEvent history, IReadOnlyList<ChatMessage> fresh, IReadOnlyList<string> lines);

    /// <summary>A typed line waits for the server's copy (shown when it arrives, through <see cref="Message"/> with its ref).</summary>
    void Pending(PendingLine line, IReadOnlyList<string> lines);

    /// <summary>The connection, the conversation in front, its members, unread counts elsewhere.</summary>
    void Status(SessionStatus status);
}

/// <summary>One line per event on a text stream: what scripts read. Status is not shown (its changes come as notices).</summary>
public sealed class PlainDisplay : ISessionDisplay
{
    private readonly TextWriter _output;

    public PlainDisplay(TextWriter output) => _output = output;

    public void Notice(string? conversationKey, IReadOnlyList<string> lines) => Write(lines);

    public void Message(string conversationKey, ChatMessage message, bool own, IReadOnlyList<string> lines) => Write(lines);

    public void History(string conversationKey, HistoryEvent history, IReadOnlyList<ChatMessage> fresh, IReadOnlyList<string> lines) => Write(lines);

    public void Pending(PendingLine line, IReadOnlyList<string> lines) => Write(lines);

    public void Status(SessionStatus status)
    {
    }

    private void Write(IReadOnlyList<string> lines)
    {
        foreach (var line in lines) _output.WriteLine(line);
    }
}
