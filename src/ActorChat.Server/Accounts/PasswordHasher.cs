using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ActorChat.Messages;
using NSec.Cryptography;

namespace ActorChat.Server.Accounts;

/// <summary>Argon2id's cost: memory in KiB and passes (libsodium runs one lane).</summary>
public sealed record Argon2Cost(int MemoryKiB, int Passes)
{
    /// <summary>OWASP's recommendation for Argon2id: 19 MiB, 2 passes, 1 lane.</summary>
    public static readonly Argon2Cost Default = new(19 * 1024, 2);
}

/// <summary>
/// Hashes and checks passwords with Argon2id (libsodium, through NSec.Cryptography): a random
/// 16-byte salt per password, a 32-byte hash, stored as a PHC string
/// (<c>$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH</c>, base64 without padding) that keeps the cost
/// it was made with. The password is brought to Unicode NFC and hashed as UTF-8; the bytes are
/// wiped once hashed. Blocking and CPU-heavy (tens of milliseconds): run it on the
/// <see cref="PasswordCheckQueue"/>, never on an actor.
/// </summary>
public sealed class PasswordHasher(Argon2Cost cost)
{
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Prefix = "$argon2id$v=19$";

    public Argon2Cost Cost { get; } = cost;

    /// <summary>A hash of the server's cost that no password is checked against but for the time it takes.</summary>
    private string? _nothing;

    /// <summary>A new salted hash of <paramref name="password"/>, in PHC form.</summary>
    public string Hash(Password password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, Cost);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}m={Cost.MemoryKiB},t={Cost.Passes},p=1${Base64(salt)}${Base64(hash)}");
    }

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="phc"/> was made from (compared in constant time).</summary>
    public bool Verify(Password password, string phc)
    {
        if (!TryParse(phc, out var stored, out var salt, out var expected)) return false;
        var actual = Derive(password, salt, stored);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>
    /// The same work as <see cref="Verify"/>, against a hash no password matches: a check for a
    /// name without an account takes as long as one for a name with one.
    /// </summary>
    public void VerifyNothing(Password password) =>
        Verify(password, _nothing ??= Hash(new Password(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)))));

    /// <summary>True when <paramref name="phc"/> was made with another cost than this hasher's (hash it again at the next login).</summary>
    public bool NeedsRehash(string phc) => !TryParse(phc, out var stored, out _, out _) || stored != Cost;

    private static byte[] Derive(Password password, byte[] salt, Argon2Cost cost)
    {
        var algorithm = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = cost.MemoryKiB,
            NumberOfPasses = cost.Passes,
        });
        var normalized = Normalize(password.Reveal());
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(normalized.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(normalized, buffer);
            return algorithm.DeriveBytes(buffer.AsSpan(0, length), salt, HashBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>NFC, so that "é" typed composed or decomposed is one password; a string that cannot be normalized (a lone surrogate) is hashed as it is.</summary>
    private static string Normalize(string password)
    {
        try
        {
            return password.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            return password;
        }
    }

    private static bool TryParse(string phc, out Argon2Cost cost, out byte[] salt, out byte[] hash)
    {
        cost = Argon2Cost.Default;
        salt = hash = [];
        if (!phc.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = phc[Prefix.Length..].Split('$');
        if (parts.Length != 3) return false;
        int? memory = null, passes = null, lanes = null;
        foreach (var setting in parts[0].Split(','))
        {
            var pair = setting.Split('=');
            if (pair.Length != 2 || !int.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
            switch (pair[0])
            {
                case "m": memory = value; break;
                case "t": passes = value; break;
                case "p": lanes = value; break;
                default: return false;
            }
        }
        if (memory is not { } m || passes is not { } t || lanes != 1) return false;
        try
        {
            salt = FromBase64(parts[1]);
            hash = FromBase64(parts[2]);
        }
        catch (FormatException)
        {
            return false;
        }
        cost = new Argon2Cost(m, t);
        return salt.Length == SaltBytes && hash.Length == HashBytes;
    }

    private static string Base64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] FromBase64(string text) => Convert.FromBase64String(text.PadRight(text.Length + (4 - text.Length % 4) % 4, '='));
}
