using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorChat.Tests.Support;

/// <summary>
/// Certificates for TLS tests, made with .NET's own <see cref="CertificateRequest"/> (no
/// cryptography of ours): a private CA and server certificates it signs, written as PEM files
/// the way an operator gives them to the server (<c>--tls-cert</c>, <c>--tls-key</c>) and the
/// client (<c>--tls-ca</c>).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _ca;

    public TestCertificates()
    {
        Directory = Path.Combine(Path.GetTempPath(), "actorchat-certs-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        var request = new CertificateRequest("CN=ActorChat Test CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CaFile = Path.Combine(Directory, "ca.pem");
        File.WriteAllText(CaFile, _ca.ExportCertificatePem());
        Server = Issue("server", "localhost", IPAddress.Loopback);
    }

    /// <summary>Where the PEM files are (deleted with this object).</summary>
    public string Directory { get; }

    /// <summary>The CA certificate (PEM): what <c>--tls-ca</c> trusts.</summary>
    public string CaFile { get; }

    /// <summary>A server certificate for <c>localhost</c> and <c>127.0.0.1</c>, signed by the CA.</summary>
    public PemPair Server { get; }

    /// <summary>A certificate and key signed by this CA for the given names (DNS names and addresses).</summary>
    public PemPair Issue(string fileName, string dnsName, params IPAddress[] addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        foreach (var address in addresses) names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server authentication
        var serial = RandomNumberGenerator.GetBytes(12);
        using var certificate = request.Create(_ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), serial);
        var pair = new PemPair(Path.Combine(Directory, fileName + ".pem"), Path.Combine(Directory, fileName + ".key"));
        File.WriteAllText(pair.CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(pair.KeyFile, key.ExportPkcs8PrivateKeyPem());
        return pair;
    }

    /// <summary>A self-signed certificate for <c>localhost</c>, signed by no CA: a client that checks certificates refuses it.</summary>
    public PemPair SelfSigned(string fileName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6));
        var pair = new PemPair(Path.Combine(Directory, fileName + ".pem"), Path.Combine(Directory, fileName + ".key"));
        File.WriteAllText(pair.CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(pair.KeyFile, key.ExportPkcs8PrivateKeyPem());
        return pair;
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A certificate and its private key, as PEM files.</summary>
public sealed record PemPair(string CertificateFile, string KeyFile);
