using ActorChat.Messages;
using ActorChat.Messages.Commands;

namespace ActorChat.Client.Session;

/// <summary>
/// A <c>say</c> or <c>dm</c> the user typed that the server has not yet confirmed (its own copy
/// with this <see cref="Ref"/> has not arrived).
/// </summary>
/// <param name="Ref">The request id; the server's copy carries it back as <c>ref</c>.</param>
/// <param name="ConversationKey">Where it will show up.</param>
/// <param name="Request">The request, its <c>Id</c> set to <see cref="Ref"/>.</param>
public sealed record PendingLine(RequestRef Ref, string ConversationKey, ClientRequest Request)
{
    /// <summary>True once written to a connection; a line sent on a connection that then broke may or may not be stored.</summary>
    public bool Sent { get; set; }

    /// <summary>When it was last written to a connection (null: never, or not since the last reconnect).</summary>
    public DateTimeOffset? SentAt { get; set; }

    public string Text => Request switch
    {
        SayRequest say => say.Text,
        DmRequest dm => dm.Text,
        _ => string.Empty,
    };
}
