using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Fapilog.Serilog.Outputs.Http;

/// <summary>
/// Signs a request the way fapilog's webhook sink does, so that a receiver built for fapilog verifies ours:
/// <c>X-Fapilog-Timestamp: &lt;unix seconds&gt;</c> and
/// <c>X-Fapilog-Signature-256: sha256=&lt;lowercase hex HMAC-SHA256 of "{timestamp}.{body}"&gt;</c>, over the exact bytes sent.
/// </summary>
internal sealed class WebhookSignature
{
    public const string TimestampHeader = "X-Fapilog-Timestamp";
    public const string SignatureHeader = "X-Fapilog-Signature-256";

    private readonly byte[] _key;

    public WebhookSignature(string secret) => _key = Encoding.UTF8.GetBytes(secret);

    /// <summary>The two header values for <paramref name="body"/> signed at <paramref name="unixSeconds"/>.</summary>
    public (string Timestamp, string Signature) Sign(ReadOnlySpan<byte> body, long unixSeconds)
    {
        string timestamp = unixSeconds.ToString(CultureInfo.InvariantCulture);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return (timestamp, "sha256=" + Convert.ToHexString(hmac.GetHashAndReset()).ToLowerInvariant());
    }
}
