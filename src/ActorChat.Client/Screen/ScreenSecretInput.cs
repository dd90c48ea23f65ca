using ActorChat.Client.Session;
using ActorChat.Messages;
using Akka.Actor;
using Terminal.Gui.App;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace ActorChat.Client.Screen;

/// <summary>
/// The full screen's password prompt: the input line gives way to the prompt and a masked field
/// of its own, made for this one password and thrown away after it, so the password is in no
/// input history, no undo history and no recalled line. Copy and cut are refused in it.
/// </summary>
/// <remarks>Called from actor threads; every change goes to the UI thread through <see cref="IApplication.Invoke(Action)"/>.</remarks>
public sealed class ScreenSecretInput : ISecretInput
{
    private readonly IApplication _app;
    private readonly View _container;
    private readonly TextField _input;
    private Label? _prompt;
    private TextField? _field;
    private IActorRef? _asker;

    /// <param name="container">The view holding <paramref name="input"/>, the line that the prompt takes over.</param>
    public ScreenSecretInput(IApplication app, View container, TextField input)
    {
        _app = app;
        _container = container;
        _input = input;
    }

    public bool CanAsk => true;

    public void Ask(string prompt, IActorRef replyTo) => _app.Invoke(() => Open(prompt, replyTo));

    public void Cancel(IActorRef asker) => _app.Invoke(() =>
    {
        if (asker.Equals(_asker)) Close();
    });

    private void Open(string prompt, IActorRef replyTo)
    {
        Close();
        _asker = replyTo;
        _prompt = new Label { X = 0, Y = Pos.AnchorEnd(1), Text = prompt };
        _field = new TextField { X = Pos.Right(_prompt), Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Secret = true };
        _field.KeyDown += OnKeyDown;
        _input.Visible = false;
        _container.Add(_prompt, _field);
        _field.SetFocus();
    }

    private void OnKeyDown(object? sender, Key key)
    {
        if (key == Key.Enter && _field is not null && _asker is { } asker)
        {
            var typed = new TypedSecret(new Password(_field.Text ?? string.Empty));
            Close();
            asker.Tell(typed);
            key.Handled = true;
        }
        else if (key == Key.C.WithCtrl || key == Key.X.WithCtrl || key == Key.Tab || key == Key.CursorUp || key == Key.CursorDown)
        {
            key.Handled = true;
        }
    }

    private void Close()
    {
        if (_field is null || _prompt is null) return;
        _field.KeyDown -= OnKeyDown;
        _field.Text = string.Empty;
        _field.ClearHistoryChanges();
        _container.Remove(_field);
        _container.Remove(_prompt);
        _field.Dispose();
        _prompt.Dispose();
        _field = null;
        _prompt = null;
        _asker = null;
        _input.Visible = true;
        _input.SetFocus();
    }
}
