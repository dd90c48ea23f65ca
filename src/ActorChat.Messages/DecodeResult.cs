namespace ActorChat.Messages;

/// <summary>
/// Why a frame could not be read: an <see cref="ErrorCodes"/> code, a message for
/// people, and the frame's <c>id</c> when it was readable (so the error can carry it as <c>ref</c>).
/// </summary>
public sealed record ProtocolError(string Code, string Message, RequestRef? Ref = null);

/// <summary>Either a decoded value or the <see cref="ProtocolError"/> that stopped it.</summary>
public readonly record struct DecodeResult<T>(T? Value, ProtocolError? Error) where T : class
{
    public bool IsSuccess => Value is not null;

    public static DecodeResult<T> Ok(T value) => new(value, null);
    public static DecodeResult<T> Fail(string code, string message, RequestRef? reference = null) =>
        new(null, new ProtocolError(code, message, reference));
}
