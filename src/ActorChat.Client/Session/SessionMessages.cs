namespace ActorChat.Client.Session;

/// <summary>One line the user typed (or a script piped in), without its line break.</summary>
public sealed record TypedLine(string Text);

/// <summary>Standard input reached its end: nothing more will be typed.</summary>
public sealed record InputEnded
{
    public static readonly InputEnded Instance = new();
}
