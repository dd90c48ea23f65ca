using System.Buffers;
using System.Globalization;
using System.Text;
using ActorChat.Messages.Events;

namespace ActorChat.Messages;

/// <summary>
/// Writes a <c>message</c> event straight to its frame, field by field, for the server's
/// hottest path (every post is encoded twice: the members' copy and the sender's with ref).
/// The result is byte for byte the frame <see cref="ProtocolSerializer"/>'s Newtonsoft settings
/// produce — same fields, same order, same time format, and Newtonsoft's default escaping
/// (quote, backslash, control characters, U+0085, U+2028, U+2029; everything else as it is) —
/// which a property test checks on random messages.
/// </summary>
/// <remarks>Measured: the reflection-driven serializer was 5–7 % of the server's CPU in the broadcast benchmarks.</remarks>
internal static class MessageFrameWriter
{
    [ThreadStatic] private static StringBuilder? _text;

    /// <summary><c>{"type":"message","id","room"|"to","from","text","time","ref"?}</c> LF</summary>
    public static byte[] Encode(ChatMessage message)
    {
        var json = _text ??= new StringBuilder(512);
        json.Clear();
        json.Append("{\"type\":\"message\",\"id\":").Append(message.Id.ToString(CultureInfo.InvariantCulture));
        if (message.Room is not null) Property(json, "room", message.Room);
        if (message.To is not null) Property(json, "to", message.To);
        Property(json, "from", message.From);
        Property(json, "text", message.Text);
        Property(json, "time", message.Time.ToUniversalTime().ToString(ProtocolSerializer.TimeFormat, CultureInfo.InvariantCulture));
        if (message.Ref is { } reference)
        {
            if (reference.Text is not null) Property(json, "ref", reference.Text);
            else json.Append(",\"ref\":").Append(reference.Number!.Value.ToString(CultureInfo.InvariantCulture));
        }
        json.Append('}').Append('\n');

        var chars = ArrayPool<char>.Shared.Rent(json.Length);
        try
        {
            json.CopyTo(0, chars, 0, json.Length);
            var text = chars.AsSpan(0, json.Length);
            var frame = new byte[Encoding.UTF8.GetByteCount(text)];
            Encoding.UTF8.GetBytes(text, frame);
            return frame;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>
    /// The frame of <paramref name="frame"/>'s message with <c>ref</c> added: the same bytes with the
    /// field spliced in before the closing brace (ref is the last field), so a sender's own copy
    /// costs no second encoding. <paramref name="frame"/> must come from <see cref="Encode"/> without a ref.
    /// </summary>
    public static byte[] WithRef(byte[] frame, RequestRef reference)
    {
        var json = _text ??= new StringBuilder(512);
        json.Clear();
        if (reference.Text is not null) Property(json, "ref", reference.Text);
        else json.Append(",\"ref\":").Append(reference.Number!.Value.ToString(CultureInfo.InvariantCulture));
        var field = Encoding.UTF8.GetBytes(json.ToString());
        var result = new byte[frame.Length + field.Length];
        var body = frame.Length - 2; // everything before "}\n"
        frame.AsSpan(0, body).CopyTo(result);
        field.CopyTo(result.AsSpan(body));
        frame.AsSpan(body).CopyTo(result.AsSpan(body + field.Length));
        return result;
    }

    private static void Property(StringBuilder json, string name, string value)
    {
        json.Append(",\"").Append(name).Append("\":\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                case < ' ' or '\u0085' or '\u2028' or '\u2029':
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }
}
