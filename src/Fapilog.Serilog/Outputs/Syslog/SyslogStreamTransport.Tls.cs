using System;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;

namespace Fapilog.Serilog.Outputs.Syslog;

/// <summary>
/// TLS (RFC 5425): the server's certificate must be valid for <see cref="FapilogSyslogOptions.TlsServerName"/> (or the
/// host) and chain to <see cref="FapilogSyslogOptions.TlsCaFile"/>'s authorities, or to the system's trust store when
/// none is given; a client certificate is presented when one is configured.
/// </summary>
internal sealed partial class SyslogStreamTransport
{
    private readonly X509Certificate2Collection? _authorities;
    private readonly X509Certificate2? _clientCertificate;

    /// <summary>
    /// Reads the PEM files once, at configuration: a file that holds no certificate (or no matching key) fails naming
    /// its option.
    /// </summary>
    internal static (X509Certificate2Collection? Authorities, X509Certificate2? Client) LoadTls(FapilogSyslogOptions options, OptionNaming naming)
    {
        X509Certificate2Collection? authorities = null;
        if (options.TlsCaFile is { } caFile)
        {
            authorities = new X509Certificate2Collection();
            try
            {
                authorities.ImportFromPemFile(caFile);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw naming.Invalid(nameof(options.TlsCaFile), caFile, "a readable PEM file of CA certificates (" + ex.Message + ")");
            }

            if (authorities.Count == 0)
            {
                throw naming.Invalid(nameof(options.TlsCaFile), caFile, "a PEM file holding at least one CA certificate");
            }
        }

        if (options.TlsClientCertificateFile is not { } certFile)
        {
            return (authorities, null);
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certFile, options.TlsClientKeyFile);

            // Exported and read back so that the key is usable by the TLS stack on every platform (not an ephemeral key).
            return (authorities, new X509Certificate2(pem.Export(X509ContentType.Pkcs12)));
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw naming.Invalid(
                nameof(options.TlsClientCertificateFile),
                certFile,
                "a readable PEM file of a certificate, with its private key there or in TlsClientKeyFile (" + ex.Message + ")");
        }
    }


    private void DisposeTls()
    {
        _clientCertificate?.Dispose();
        if (_authorities is not null)
        {
            foreach (var certificate in _authorities)
            {
                certificate.Dispose();
            }
        }
    }

    private SslStream Authenticate(Stream inner, CancellationToken cancel)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = _options.TlsServerName ?? _options.Host,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = _authorities is null ? null : ValidateWithAuthorities,
        };
        if (_clientCertificate is not null)
        {
            options.ClientCertificates = new X509CertificateCollection { _clientCertificate };
        }

        try
        {
            ssl.AuthenticateAsClientAsync(options, cancel).GetAwaiter().GetResult();
            return ssl;
        }
        catch
        {
            ssl.Dispose();
            throw;
        }
    }

    /// <summary>The server's certificate chains to one of the configured authorities, and its name matches.</summary>
    private bool ValidateWithAuthorities(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_authorities!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            // Intermediates the server sent.
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var server = new X509Certificate2(certificate);
        return custom.Build(server);
    }
}
