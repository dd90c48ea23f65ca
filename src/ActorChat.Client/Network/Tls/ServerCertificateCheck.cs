using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorChat.Client.Output;

namespace ActorChat.Client.Network.Tls;

/// <summary>
/// Decides, during one TLS handshake, whether the server's certificate is acceptable, and if
/// not, says why in plain words with the fix: the connection's
/// <see cref="RemoteCertificateValidationCallback"/>.
/// </summary>
/// <remarks>
/// <para>
/// SslStream has already checked the chain against the system's trusted authorities and the
/// name against the host; with <c>--tls-ca</c> the chain is built again with only the file's
/// certificates as roots (<see cref="X509ChainTrustMode.CustomRootTrust"/>), and the name
/// check still stands. Nothing here is cryptography of our own.
/// </para>
/// <para>
/// Names in the certificate come from the network, so every one of them is escaped
/// (<see cref="TerminalText"/>) before it goes into <see cref="Refusal"/>.
/// </para>
/// </remarks>
public sealed class ServerCertificateCheck
{
    private const int NamesShown = 4;
    private const string SubjectAlternativeName = "2.5.29.17";
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private readonly ClientTls _tls;
    private readonly string _host;

    /// <param name="host">The name the certificate must be for (as given by the user).</param>
    public ServerCertificateCheck(ClientTls tls, string host)
    {
        _tls = tls;
        _host = host;
    }

    /// <summary>Why the certificate was refused; null until one is.</summary>
    public string? Refusal { get; private set; }

    /// <summary>The callback: true to go on with the handshake.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_tls.Mode == TlsMode.Insecure) return true;
        try
        {
            Refusal = Check(certificate, chain, errors);
        }
        catch (CryptographicException)
        {
            Refusal = "the server's certificate could not be read";
        }
        return Refusal is null;
    }

    private string? Check(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return "the server sent no certificate";
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            // An untrusted certificate may name anything, so trust comes first, then the name.
            var untrusted = _tls.TrustedRoots is { } roots
                ? CheckAgainst(roots, leaf, chain)
                : errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors) ? Describe(chain?.ChainStatus ?? [], leaf) : null;
            if (untrusted is not null) return untrusted;
            return errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) ? NameMismatch(leaf) : null;
        }
        finally
        {
            if (!ReferenceEquals(leaf, certificate)) leaf.Dispose();
        }
    }

    /// <summary>The chain again, with the <c>--tls-ca</c> certificates as the only roots.</summary>
    private string? CheckAgainst(X509Certificate2Collection roots, X509Certificate2 leaf, X509Chain? presented)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(roots);
        // A private CA seldom publishes revocation lists, and the client may have no way to fetch them.
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.ApplicationPolicy.Add(ServerAuthentication);
        // The intermediates the server sent with its certificate.
        if (presented is not null) policy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
        return chain.Build(leaf) ? null : Describe(chain.ChainStatus, leaf);
    }

    private string Describe(X509ChainStatus[] status, X509Certificate2 leaf)
    {
        var flags = status.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var issuer = TerminalText.EscapeSingleLine(leaf.Issuer);
        // NotSignatureValid: a CA of the same name as the trusted one, but not the trusted one.
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.NotSignatureValid)) != 0)
        {
            return _tls.CaFile is { } caFile
                ? $"the server's certificate is not signed by the CA in {TerminalText.EscapeSingleLine(caFile)} (its issuer: {issuer}); "
                    + "give the certificate of the CA that signed it with --tls-ca FILE"
                : $"the server's certificate is not signed by an authority this computer trusts (its issuer: {issuer}); "
                    + "if the server uses a private CA, give the CA's certificate with --tls-ca FILE";
        }
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
            return $"the server's certificate (or its CA's) has expired or is not valid yet (the server's is valid from {leaf.NotBefore:yyyy-MM-dd} to {leaf.NotAfter:yyyy-MM-dd}); check the clocks, or renew the certificate";
        if ((flags & X509ChainStatusFlags.Revoked) != 0)
            return "the server's certificate has been revoked";
        if ((flags & (X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.InvalidExtension | X509ChainStatusFlags.InvalidBasicConstraints)) != 0)
            return "the server's certificate is not meant for a TLS server (its key usage or constraints forbid it)";
        var reasons = status.Select(s => s.Status).Distinct().Select(s => s.ToString());
        return $"the server's certificate failed verification ({string.Join(", ", reasons)})";
    }

    private string NameMismatch(X509Certificate2 leaf)
    {
        var names = NamesIn(leaf).Select(TerminalText.EscapeSingleLine).ToList();
        var listed = names.Count == 0 ? "no name" : string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? ", ..." : "");
        var host = TerminalText.EscapeSingleLine(_host);
        return $"the server's certificate is for {listed}, not for {host}; connect with a name it is for, or give the server a certificate for {host}";
    }

    /// <summary>The DNS names and addresses the certificate is for; its common name when it lists none.</summary>
    private static IEnumerable<string> NamesIn(X509Certificate2 leaf)
    {
        var alternative = leaf.Extensions.FirstOrDefault(e => e.Oid?.Value == SubjectAlternativeName) is { } extension
            ? new X509SubjectAlternativeNameExtension(extension.RawData)
            : null;
        var names = alternative is null
            ? []
            : alternative.EnumerateDnsNames().Concat(alternative.EnumerateIPAddresses().Select(a => a.ToString())).ToList();
        if (names.Count == 0 && leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false) is { Length: > 0 } common) names.Add(common);
        return names;
    }
}
