using System.Linq;

namespace Fapilog.Serilog.Tests.Redaction;

public class ValueScannerTests
{
    private static ValueScanner Scanner(params RedactionPreset[] presets) =>
        new RedactionRules(new FapilogRedactionOptions { Presets = presets }).Values;

    [Theory]
    [InlineData("https://bob:hunter2@db.example.com/x", "https://***@db.example.com/x")]
    [InlineData("postgres://u:p%40ss@h:5432/db and more", "postgres://***@h:5432/db and more")]
    [InlineData("Server=db;User Id=sa;Password=my secret pw;Encrypt=true", "Server=db;User Id=sa;Password=***;Encrypt=true")]
    [InlineData("Host=h;Pwd='x;y'", "Host=h;Pwd=***")]
    [InlineData("Authorization: Bearer abcdefghijklmnop.qrs", "Authorization: ***")]
    [InlineData("sent Bearer abcdefghijklmnop.qrs upstream", "sent Bearer *** upstream")]
    [InlineData("t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl!", "t=***!")]
    [InlineData("key AKIAIOSFODNN7EXAMPLE used", "key *** used")]
    [InlineData("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "***")]
    [InlineData("slack xoxb-123456789012-abcdefghijkl", "slack ***")]
    [InlineData("GET /cb?token=abc123&page=2", "GET /cb?token=***&page=2")]
    [InlineData("{\"password\":\"hunter2\",\"user\":\"bob\"}", "{\"password\":***,\"user\":\"bob\"}")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG", "aws_secret_access_key = ***")]
    public void Credentials_MaskTheSecretAndKeepTheRest(string text, string expected) =>
        Assert.Equal(expected, Scanner(RedactionPreset.Credentials).Redact(text));

    [Fact]
    public void PrivateKeyBlocks_AreMaskedWhole_EvenWithoutTheirEndLine()
    {
        var scanner = Scanner(RedactionPreset.Credentials);

        Assert.Equal("a *** b", scanner.Redact("a -----BEGIN RSA PRIVATE KEY-----\nMIIEpAIB\nAKCAQEA\n-----END RSA PRIVATE KEY----- b"));
        Assert.Equal("a ***", scanner.Redact("a -----BEGIN PRIVATE KEY-----\nMIIEpAIB truncated"));
    }

    [Theory]
    [InlineData("Order 42 shipped to alice")]
    [InlineData("author: Jane, tokenizer=bpe")]
    [InlineData("Elapsed 00:00:01.250 at 12:30:45")]
    [InlineData("https://example.com/path?page=2")]
    [InlineData("card 4111 1111 1111 1111")] // PCI is not in the default preset
    [InlineData("mail alice@example.com from 10.0.0.1")] // nor are contact details and addresses
    public void CleanTexts_AreLeftAlone(string text) => Assert.Null(Scanner(RedactionPreset.Credentials).Redact(text));

    [Theory]
    [InlineData("card 4111 1111 1111 1111 ok", "card *** ok")]
    [InlineData("4111-1111-1111-1111", "***")]
    [InlineData("pan=5500005555555559", "pan=***")]
    public void CardNumbers_PassingLuhn_AreMasked(string text, string expected) =>
        Assert.Equal(expected, Scanner(RedactionPreset.PciDss).Redact(text));

    [Theory]
    [InlineData("order 4111 1111 1111 1112")] // fails the Luhn check
    [InlineData("id 1234567890123")]
    [InlineData("phone 0044 20 7946 0958")]
    public void DigitRuns_FailingLuhn_AreLeftAlone(string text) => Assert.Null(Scanner(RedactionPreset.PciDss).Redact(text));

    [Fact]
    public void EmailsAndAddresses_AreOptIn()
    {
        Assert.Equal("mail *** now", Scanner(RedactionPreset.ContactInfo).Redact("mail alice@example.com now"));
        Assert.Equal("from *** and ***", Scanner(RedactionPreset.NetworkAddresses).Redact("from 10.0.0.1 and 2001:db8::1"));
        Assert.Null(Scanner(RedactionPreset.NetworkAddresses).Redact("version 1.2.3 at 12:30:45"));
        Assert.Equal("ssn *** and ***", Scanner(RedactionPreset.HipaaPhi).Redact("ssn 123-45-6789 and bob@x.org"));
    }

    [Fact]
    public void GdprAndHipaa_IncludeContactAndNetworkRules()
    {
        var gdpr = RedactionPresets.Keys(RedactionPreset.GdprPii).ToList();
        var hipaa = RedactionPresets.Keys(RedactionPreset.HipaaPhi).ToList();

        Assert.Superset(RedactionPresets.ContactKeys.Concat(RedactionPresets.NetworkKeys).ToHashSet(), gdpr.ToHashSet());
        Assert.Superset(gdpr.Concat(RedactionPresets.HealthKeys).ToHashSet(), hipaa.ToHashSet());
    }
}
