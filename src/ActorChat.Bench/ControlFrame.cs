using System.Text.Json;

namespace ActorChat.Bench;

/// <summary>A frame that is not a chat message, as the load clients need it: its type and string ref, read forward-only.</summary>
public static class ControlFrame
{
    /// <summary>False when the frame is not readable JSON.</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out string? type, out string? reference)
    {
        var reader = new Utf8JsonReader(frame);
        type = null;
        reference = null;
        try
        {
            reader.Read();
            while (reader.Read() && reader.CurrentDepth == 1)
            {
                if (reader.TokenType != JsonTokenType.PropertyName) continue;
                var isType = reader.ValueTextEquals("type"u8);
                var isRef = reader.ValueTextEquals("ref"u8);
                reader.Read();
                if (isType) type = reader.GetString();
                else if (isRef && reader.TokenType == JsonTokenType.String) reference = reader.GetString();
                else reader.Skip();
            }
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
