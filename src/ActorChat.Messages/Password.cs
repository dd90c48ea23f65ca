using Newtonsoft.Json;

namespace ActorChat.Messages;

/// <summary>
/// A password as it came over the wire (PROTOCOL.md, "Accounts"). It exists to be checked or
/// hashed once and then dropped: it prints as <c>[password]</c>, so a request, a log line or a
/// dead letter that holds one never shows it, and it is written to the wire (by a client) as
/// the plain JSON string the contract asks for.
/// </summary>
[JsonConverter(typeof(PasswordJsonConverter))]
public sealed class Password(string value) : IEquatable<Password>
{
    /// <summary>What <see cref="ToString"/> prints instead of the password.</summary>
    public const string Redacted = "[password]";

    /// <summary>The password itself: for the hash and the wire only, never for display.</summary>
    public string Reveal() => value;

    /// <summary>Characters as the protocol counts them (Unicode scalar values).</summary>
    public int Length
    {
        get
        {
            var count = 0;
            foreach (var _ in value.EnumerateRunes()) count++;
            return count;
        }
    }

    public override string ToString() => Redacted;

    public bool Equals(Password? other) => other is not null && string.Equals(value, other.Reveal(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Password);

    public override int GetHashCode() => string.GetHashCode(value, StringComparison.Ordinal);

    private sealed class PasswordJsonConverter : JsonConverter<Password>
    {
        public override void WriteJson(JsonWriter writer, Password? password, JsonSerializer serializer)
        {
            if (password is null) writer.WriteNull();
            else writer.WriteValue(password.Reveal());
        }

        public override Password? ReadJson(JsonReader reader, Type objectType, Password? existingValue, bool hasExistingValue, JsonSerializer serializer) =>
            reader.TokenType == JsonToken.String ? new Password((string)reader.Value!) : null;
    }
}
