using ActorChat.Client.Session;
using ActorChat.Messages;
using Akka.Actor;

namespace ActorChat.Tests.Client;

/// <summary>
/// A password prompt for tests: records every prompt and who asked; <see cref="Type"/> answers the
/// latest ask as the user would, with a <see cref="TypedSecret"/> to the asker.
/// </summary>
internal sealed class FakeSecretInput : ISecretInput
{
    private readonly object _gate = new();
    private readonly List<string> _prompts = [];
    private IActorRef? _asker;

    public FakeSecretInput(bool canAsk = true) => CanAsk = canAsk;

    public bool CanAsk { get; }

    public IReadOnlyList<string> Prompts
    {
        get { lock (_gate) return [.. _prompts]; }
    }

    /// <summary>Someone asked and was not answered or cancelled yet.</summary>
    public bool Asking
    {
        get { lock (_gate) return _asker is not null; }
    }

    public void Ask(string prompt, IActorRef replyTo)
    {
        lock (_gate)
        {
            _prompts.Add(prompt);
            _asker = replyTo;
        }
    }

    public void Cancel(IActorRef asker)
    {
        lock (_gate)
        {
            if (asker.Equals(_asker)) _asker = null;
        }
    }

    /// <summary>Types <paramref name="password"/> at the open prompt (which must exist).</summary>
    public void Type(string password)
    {
        IActorRef asker;
        lock (_gate)
        {
            asker = _asker ?? throw new InvalidOperationException("nobody is asking for a password");
            _asker = null;
        }
        asker.Tell(new TypedSecret(new Password(password)));
    }
}
