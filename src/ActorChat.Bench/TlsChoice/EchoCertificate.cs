using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorChat.Bench.TlsChoice;

/// <summary>
/// The one certificate both echo servers use: self-signed ECDSA P-256 for <c>localhost</c> and
/// 127.0.0.1, made in memory (no files). It reaches the server processes as base64 PKCS#12 on
/// their standard input.
/// </summary>
public static class EchoCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server authentication
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return FromBase64(ToBase64(certificate)); // loaded from PKCS#12, as a server loads its certificate: the key is usable by the TLS stack
    }

    public static string ToBase64(X509Certificate2 certificate) => Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));

    public static X509Certificate2 FromBase64(string pkcs12) => X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(pkcs12), null);
}
