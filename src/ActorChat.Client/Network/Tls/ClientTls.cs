using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorChat.Client.Output;

namespace ActorChat.Client.Network.Tls;

/// <summary>Whether connections use TLS, and how the server's certificate is checked.</summary>
public enum TlsMode
{
    /// <summary>Plain TCP.</summary>
    Off,

    /// <summary>TLS; the certificate's chain and name are checked.</summary>
    Verify,

    /// <summary>TLS; the certificate is not checked at all (<c>--tls-insecure</c>).</summary>
    Insecure,
}

/// <summary>
/// The client's TLS settings, built once at start from <c>--tls</c>, <c>--tls-ca</c> and
/// <c>--tls-insecure</c> (the CA file read then, never again) and used by every connection.
/// </summary>
public sealed record ClientTls
{
    private ClientTls(TlsMode mode, X509Certificate2Collection? trustedRoots, string? caFile)
    {
        Mode = mode;
        TrustedRoots = trustedRoots;
        CaFile = caFile;
    }

    /// <summary>Plain TCP, as without any TLS option.</summary>
    public static ClientTls Off { get; } = new(TlsMode.Off, null, null);

    /// <summary><c>--tls</c>: the chain is checked against the system's trusted authorities, and the host name.</summary>
    public static ClientTls SystemTrust { get; } = new(TlsMode.Verify, null, null);

    /// <summary><c>--tls-insecure</c>: TLS without any check of who the server is.</summary>
    public static ClientTls Insecure { get; } = new(TlsMode.Insecure, null, null);

    /// <summary>
    /// <c>--tls-ca FILE</c>: the chain must lead to one of <paramref name="roots"/> (a private CA, or
    /// the server's own self-signed certificate) instead of the system's authorities; the host name is checked too.
    /// </summary>
    public static ClientTls TrustOnly(X509Certificate2Collection roots, string caFile)
    {
        if (roots.Count == 0) throw new ArgumentException("at least one certificate is needed", nameof(roots));
        return new ClientTls(TlsMode.Verify, roots, caFile);
    }

    public TlsMode Mode { get; }

    public bool Enabled => Mode != TlsMode.Off;

    /// <summary>The only roots trusted, from <see cref="CaFile"/>; null for the system's.</summary>
    public X509Certificate2Collection? TrustedRoots { get; }

    /// <summary>The <c>--tls-ca</c> file, for messages.</summary>
    public string? CaFile { get; }

    /// <summary>
    /// The settings the command line asks for; false with one line saying what is wrong when
    /// the options contradict each other or the CA file cannot be used (missing, unreadable,
    /// no PEM certificate in it).
    /// </summary>
    public static bool TryFromOptions(bool tls, string? caFile, bool insecure, out ClientTls settings, out string? error)
    {
        settings = Off;
        error = null;
        if (caFile is not null && insecure)
        {
            error = "--tls-ca and --tls-insecure contradict each other: give --tls-ca FILE to check the server against FILE, or --tls-insecure not to check it";
            return false;
        }
        if (insecure)
        {
            settings = Insecure;
            return true;
        }
        if (caFile is null)
        {
            settings = tls ? SystemTrust : Off;
            return true;
        }
        if (LoadRoots(caFile, out error) is not { } roots) return false;
        settings = TrustOnly(roots, caFile);
        return true;
    }

    private static X509Certificate2Collection? LoadRoots(string caFile, out string? error)
    {
        var shown = TerminalText.EscapeSingleLine(caFile);
        error = null;
        var roots = new X509Certificate2Collection();
        try
        {
            if (!File.Exists(caFile))
            {
                error = $"--tls-ca {shown}: no such file";
                return null;
            }
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"--tls-ca {shown}: cannot read it: {TerminalText.EscapeSingleLine(e.Message)}";
            return null;
        }
        catch (CryptographicException e)
        {
            error = $"--tls-ca {shown}: not a PEM certificate file: {TerminalText.EscapeSingleLine(e.Message)}";
            return null;
        }
        if (roots.Count == 0)
        {
            error = $"--tls-ca {shown}: no certificate in it; give the CA's certificate as PEM (-----BEGIN CERTIFICATE-----)";
            return null;
        }
        return roots;
    }

    public override string ToString() => Mode switch
    {
        TlsMode.Verify when CaFile is not null => $"TLS, trusting {CaFile}",
        TlsMode.Verify => "TLS",
        TlsMode.Insecure => "TLS, unverified",
        _ => "plain TCP",
    };
}
