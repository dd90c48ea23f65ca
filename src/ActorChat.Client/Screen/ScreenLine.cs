namespace ActorChat.Client.Screen;

/// <summary>One row of a message pane: its text and, for a message, who sent it (for the sender's colour).</summary>
/// <remarks>A reference type on purpose: two rows with the same text are still two rows when one is removed.</remarks>
public sealed class ScreenLine
{
    public ScreenLine(string text, string? sender = null)
    {
        Text = text;
        Sender = sender;
    }

    public string Text { get; }

    public string? Sender { get; }

    /// <summary>What the list view draws.</summary>
    public override string ToString() => Text;
}
