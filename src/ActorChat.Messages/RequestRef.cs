using Newtonsoft.Json;

namespace ActorChat.Messages;

/// <summary>
/// The value of a request's <c>id</c>, echoed as <c>ref</c> on the direct answer.
/// On the wire it is either a string (at most 64 characters) or an integer, and it
/// goes back exactly as it came.
/// </summary>
[JsonConverter(typeof(RequestRefConverter))]
public sealed record RequestRef
{
    private RequestRef(string? text, long? number)
    {
        Text = text;
        Number = number;
    }

    public string? Text { get; }
    public long? Number { get; }

    public static RequestRef Of(string text) => new(text, null);
    public static RequestRef Of(long number) => new(null, number);

    public static implicit operator RequestRef(string text) => Of(text);
    public static implicit operator RequestRef(long number) => Of(number);

    public override string ToString() => Text ?? Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The id as a JSON token (<c>"abc"</c> or <c>42</c>): how it is kept with a stored message, so that a string and a number never meet.</summary>
    public string ToToken() => Text is not null ? JsonConvert.ToString(Text) : Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The id from its <see cref="ToToken"/> form.</summary>
    public static RequestRef FromToken(string token) =>
        token.StartsWith('"') ? Of(JsonConvert.DeserializeObject<string>(token)!) : Of(long.Parse(token, System.Globalization.CultureInfo.InvariantCulture));
}

internal sealed class RequestRefConverter : JsonConverter<RequestRef>
{
    public override void WriteJson(JsonWriter writer, RequestRef? value, JsonSerializer serializer)
    {
        if (value is null) writer.WriteNull();
        else if (value.Text is not null) writer.WriteValue(value.Text);
        else writer.WriteValue(value.Number!.Value);
    }

    public override RequestRef? ReadJson(JsonReader reader, Type objectType, RequestRef? existingValue, bool hasExistingValue, JsonSerializer serializer) =>
        reader.TokenType switch
        {
            JsonToken.Null => null,
            JsonToken.String => RequestRef.Of((string)reader.Value!),
            JsonToken.Integer when reader.Value is long l => RequestRef.Of(l),
            JsonToken.Integer => RequestRef.Of(Convert.ToInt64(reader.Value, System.Globalization.CultureInfo.InvariantCulture)),
            _ => throw new JsonSerializationException($"an id must be a string or an integer, not {reader.TokenType}"),
        };
}
