namespace ActorChat.Messages;

/// <summary>Constants of the wire contract itself (not server tuning).</summary>
public static class ProtocolInfo
{
    /// <summary>
    /// The protocol version announced in <c>welcome</c>: 2, every part of version 2 being in (other
    /// transports, accounts, direct-message history, safe re-sending); version 1 clients work unchanged.
    /// </summary>
    public const int Version = 2;

    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 65432;

    /// <summary>The room every client is put in after login; it always exists.</summary>
    public const string Lobby = "lobby";

    /// <summary>Default largest frame, LF excluded (PROTOCOL.md: 16 KiB, configurable).</summary>
    public const int DefaultMaxFrameBytes = 16 * 1024;

    /// <summary>Default longest <c>text</c>, in characters (configurable).</summary>
    public const int DefaultMaxTextLength = 4000;

    /// <summary>Longest <c>id</c> a request may carry when it is a string.</summary>
    public const int MaxRequestIdLength = 64;

    /// <summary>Longest user or room name, in characters.</summary>
    public const int MaxNameLength = 32;

    /// <summary>Shortest and longest password, in characters (<c>weak_password</c> outside).</summary>
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 256;

    /// <summary><c>history</c>: default and largest <c>limit</c>.</summary>
    public const int DefaultHistoryLimit = 50;
    public const int MaxHistoryLimit = 200;
}
