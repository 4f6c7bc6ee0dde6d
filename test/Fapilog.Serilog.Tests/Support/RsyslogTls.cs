using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// The certificates of a TLS test, made here with <see cref="CertificateRequest"/> and written as PEM files: a CA, a
/// server certificate it issued (for <c>localhost</c> and 127.0.0.1), a client certificate it issued, and a second CA
/// that issued nothing the server holds (the "untrusted" one).
/// </summary>
internal sealed class RsyslogTls
{
    public RsyslogTls(string folder, bool requireClientCertificate)
    {
        RequireClientCertificate = requireClientCertificate;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = Authority("fapilog test CA", caKey);
        CaFile = Write(folder, "ca.pem", ca.ExportCertificatePem());
        (ServerCertificateFile, ServerKeyFile) = Issue(folder, "server", ca, caKey, serverAuth: true);
        (ClientCertificateFile, ClientKeyFile) = Issue(folder, "client", ca, caKey, serverAuth: false);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = Authority("fapilog other CA", otherKey);
        OtherCaFile = Write(folder, "other-ca.pem", other.ExportCertificatePem());
    }

    public bool RequireClientCertificate { get; }

    public string CaFile { get; }

    public string OtherCaFile { get; }

    public string ServerCertificateFile { get; }

    public string ServerKeyFile { get; }

    public string ClientCertificateFile { get; }

    public string ClientKeyFile { get; }

    private static X509Certificate2 Authority(string name, ECDsa key)
    {
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static (string Certificate, string Key) Issue(string folder, string name, X509Certificate2 ca, ECDsa caKey, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (serverAuth ? "localhost" : "fapilog test client"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var certificate = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return (Write(folder, name + ".pem", certificate.ExportCertificatePem()), Write(folder, name + "-key.pem", key.ExportPkcs8PrivateKeyPem()));
    }

    private static string Write(string folder, string name, string pem)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, pem + "\n");
        return path;
    }
}
