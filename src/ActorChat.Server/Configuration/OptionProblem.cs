namespace ActorChat.Server.Configuration;

/// <summary>A value the server cannot start with: the one line that says which option, from where, and why.</summary>
public sealed class OptionProblem(string message) : Exception(message);
