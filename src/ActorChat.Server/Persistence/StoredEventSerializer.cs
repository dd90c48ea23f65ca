using System.Text;
using Akka.Actor;
using Akka.Serialization;
using Newtonsoft.Json;

namespace ActorChat.Server.Persistence;

/// <summary>
/// Serializes <see cref="IStoredEvent"/>s as JSON with a stable string manifest per type and
/// version, so stored history stays readable when the code's type names change.
/// </summary>
public sealed class StoredEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 6543;

    private const string RoomMessageV1 = "room-message.v1";
    private const string DirectMessageV1 = "direct-message.v1";
    private const string RoomSnapshotV1 = "room-snapshot.v1";

    private static readonly JsonSerializerSettings Settings = new()
    {
        DateTimeZoneHandling = DateTimeZoneHandling.Utc,
        DateParseHandling = DateParseHandling.DateTime,
        TypeNameHandling = TypeNameHandling.None,
    };

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        RoomMessageStored => RoomMessageV1,
        DirectMessageStored => DirectMessageV1,
        RoomSnapshot => RoomSnapshotV1,
        _ => throw new ArgumentException($"{o.GetType()} is not a stored ActorChat event", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => Encoding.UTF8.GetBytes(JsonConvert.SerializeObject(obj, Settings));

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var json = Encoding.UTF8.GetString(bytes);
        return manifest switch
        {
            RoomMessageV1 => JsonConvert.DeserializeObject<RoomMessageStored>(json, Settings)!,
            DirectMessageV1 => JsonConvert.DeserializeObject<DirectMessageStored>(json, Settings)!,
            RoomSnapshotV1 => JsonConvert.DeserializeObject<RoomSnapshot>(json, Settings)!,
            _ => throw new ArgumentException($"unknown stored event manifest {manifest}", nameof(manifest)),
        };
    }
}
