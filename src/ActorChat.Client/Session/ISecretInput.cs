using ActorChat.Messages;
using Akka.Actor;

namespace ActorChat.Client.Session;

/// <summary>
/// Where a password can be typed without being shown: the terminal read key by key in plain mode
/// (<see cref="Input.TerminalLineReader"/>), the full screen's masked field, or nowhere (a pipe).
/// </summary>
/// <remarks>
/// The line typed after <see cref="Ask"/> is not echoed, not kept in any input history and not
/// told as a <see cref="TypedLine"/>: it goes to the asker as a <see cref="TypedSecret"/>. Called
/// from actor threads; implementations hand the change to their own thread.
/// </remarks>
public interface ISecretInput
{
    /// <summary>False in a pipe: a password cannot be asked for, only given with <c>--password-file</c>.</summary>
    bool CanAsk { get; }

    /// <summary>Shows <paramref name="prompt"/>; the next line typed goes, unseen, to <paramref name="replyTo"/>.</summary>
    void Ask(string prompt, IActorRef replyTo);

    /// <summary>The password <paramref name="asker"/> asked for is not wanted any more: the next line is an ordinary one again (unless someone else asked since).</summary>
    void Cancel(IActorRef asker);
}

/// <summary>No terminal: nothing can be asked for.</summary>
public sealed class NoSecretInput : ISecretInput
{
    public static readonly NoSecretInput Instance = new();

    private NoSecretInput()
    {
    }

    public bool CanAsk => false;

    public void Ask(string prompt, IActorRef replyTo)
    {
    }

    public void Cancel(IActorRef asker)
    {
    }
}

/// <summary>
/// A line typed at a password prompt (<see cref="ISecretInput.Ask"/>); empty when the user just
/// pressed Enter (which gives up). Prints as <c>[password]</c>, like every <see cref="Password"/>.
/// </summary>
public sealed record TypedSecret(Password Secret)
{
    public bool IsEmpty => Secret.Length == 0;
}

/// <summary>
/// To the session: show <paramref name="Prompt"/> and send the next line typed, unseen, to
/// <paramref name="Asker"/>. Asks go through the session, after the lines it was told to show
/// before, so a prompt never comes before the notice that leads to it.
/// </summary>
public sealed record AskForSecret(string Prompt, IActorRef Asker);

/// <summary>To the session: <paramref name="Asker"/> no longer wants the password it asked for.</summary>
public sealed record StopAskingForSecret(IActorRef Asker);
