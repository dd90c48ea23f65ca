using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorChat.Server.Transport;

/// <summary>
/// The transports besides plain TCP (PROTOCOL.md "Transports"), served by Kestrel: TLS over TCP on
/// <see cref="TlsPort"/>, HTTP on <see cref="HttpPort"/> (WebSocket at <c>/ws</c>, the browser
/// client at <c>/</c>, <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>), HTTPS there when a certificate is given. They listen on
/// the same address as TCP (<see cref="ServerLimits.Host"/>). Null ports are off; 0 asks for any free port.
/// </summary>
public sealed record TransportSettings
{
    public int? TlsPort { get; init; }
    public int? HttpPort { get; init; }

    /// <summary>The server's certificate chain (PEM), for the TLS port and HTTPS.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>Its private key (PEM).</summary>
    public string? KeyFile { get; init; }

    /// <summary>Origins whose pages may open <c>/ws</c> besides the server's own (<c>--allowed-origin</c>).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    public bool UsesKestrel => TlsPort is not null || HttpPort is not null;

    public bool HasCertificate => CertificateFile is not null;

    /// <summary>What is wrong with these settings, in one line naming the option; null when nothing.</summary>
    public string? Problem()
    {
        if (TlsPort is < 0 or > 65535) return "--tls-port must be from 0 to 65535";
        if (HttpPort is < 0 or > 65535) return "--http-port must be from 0 to 65535";
        if ((CertificateFile is null) != (KeyFile is null)) return "--tls-cert and --tls-key go together: give both (PEM files)";
        if (TlsPort is not null && CertificateFile is null) return "--tls-port needs --tls-cert FILE and --tls-key FILE (PEM)";
        foreach (var origin in AllowedOrigins)
            if (OriginPolicy.Normalize(origin) is null) return $"--allowed-origin {origin}: give an origin such as https://chat.example.org";
        return null;
    }

    /// <summary>Loads the certificate and its key once; a clear <see cref="InvalidOperationException"/> when they cannot be read.</summary>
    public X509Certificate2 LoadCertificate()
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(CertificateFile!, KeyFile);
            // Exported and loaded again so that the key is usable by the TLS stack on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"Cannot use --tls-cert {CertificateFile} with --tls-key {KeyFile}: {e.Message}", e);
        }
    }
}
