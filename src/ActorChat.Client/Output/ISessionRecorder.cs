namespace ActorChat.Client.Output;

/// <summary>
/// Where a <see cref="Session.ChatSession"/> records what it showed and what went wrong,
/// besides the screen: the history file and the error log of the client's data folder
/// (<see cref="DataFolderRecorder"/>), or nothing (<see cref="NullSessionRecorder"/>).
/// </summary>
/// <remarks>
/// Implementations never throw: a file that cannot be written must not stop the chat.
/// They may be called from any thread.
/// </remarks>
public interface ISessionRecorder
{
    /// <summary>The server confirmed the name in <c>welcome</c>: the history is that user's from now on.</summary>
    void LoggedIn(string name);

    /// <summary>A line shown for a chat event (already escaped). Ignored until <see cref="LoggedIn"/>.</summary>
    void Shown(string line);

    /// <summary>Something went wrong: a server error, an unreadable frame, a lost connection, an exception.</summary>
    void Error(string text);
}

/// <summary>Records nothing.</summary>
public sealed class NullSessionRecorder : ISessionRecorder
{
    public static readonly NullSessionRecorder Instance = new();

    private NullSessionRecorder()
    {
    }

    public void LoggedIn(string name)
    {
    }

    public void Shown(string line)
    {
    }

    public void Error(string text)
    {
    }
}
