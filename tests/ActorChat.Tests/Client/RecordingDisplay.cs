using ActorChat.Client.Output;
using ActorChat.Client.Session;
using ActorChat.Messages.Events;

namespace ActorChat.Tests.Client;

/// <summary>An <see cref="ISessionDisplay"/> that remembers every call, for tests of what the session shows.</summary>
public sealed class RecordingDisplay : ISessionDisplay
{
    public List<string> Lines { get; } = [];

    public List<(string Key, ChatMessage Message, bool Own)> Messages { get; } = [];

    public List<PendingLine> PendingLines { get; } = [];

    public SessionStatus? LastStatus { get; private set; }

    public void Notice(string? conversationKey, IReadOnlyList<string> lines) => Lines.AddRange(lines);

    public void Message(string conversationKey, ChatMessage message, bool own, IReadOnlyList<string> lines)
    {
        Messages.Add((conversationKey, message, own));
        Lines.AddRange(lines);
    }

    public void History(string conversationKey, HistoryEvent history, IReadOnlyList<ChatMessage> fresh, IReadOnlyList<string> lines) => Lines.AddRange(lines);

    public void Pending(PendingLine line, IReadOnlyList<string> lines)
    {
        PendingLines.Add(line);
        Lines.AddRange(lines);
    }

    public void Status(SessionStatus status) => LastStatus = status;
}
