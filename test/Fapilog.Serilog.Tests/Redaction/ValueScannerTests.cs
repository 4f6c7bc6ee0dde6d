using System;
using System.Collections.Generic;
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
    [InlineData("sent Bearer\tabcdefghijklmnop.qrs upstream", "sent Bearer\t*** upstream")] // any white space after the word
    [InlineData("Bearer\nabcdefghijklmnop", "Bearer\n***")]
    [InlineData("hdr Basic\u00a0Zm9vOmJhcjEyMw==", "hdr Basic\u00a0***")]
    [InlineData("t=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl!", "t=***!")]
    [InlineData("key AKIAIOSFODNN7EXAMPLE used", "key *** used")]
    [InlineData("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "***")]
    [InlineData("slack xoxb-123456789012-abcdefghijkl", "slack ***")]
    [InlineData("sts ASIAIOSFODNN7EXAMPLE", "sts ***")]
    [InlineData("maps AIzaSyA1234567890abcdefghijklmnopqrstuv", "maps ***")]
    [InlineData("github_pat_11ABCDEFG0123456789abcdef", "***")]
    [InlineData("role AROAIOSFODNN7EXAMPLE", "role ***")]
    [InlineData("pay sk_live_abcdefghijklmnop1234", "pay ***")]
    [InlineData("hook https://hooks.slack.com/services/T000/B000/XXXX", "hook ***")]
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

    [Fact]
    public void TheQuickTests_NeverRuleOutATextAPatternMatches()
    {
        // Every built-in detector on texts it masks (a match its check takes), and the same texts upper-cased and lower-cased: a detector
        // whose shape needs miss a character of a match would let that secret through the clean path unseen.
        // Few letters each (digits where the pattern allows them), so that no other alternative's needs happen to fit.
        string d16 = new('0', 16);
        var texts = new[]
        {
            "AKIA" + d16, "ASIA" + d16, "AGPA" + d16, "AIDA" + d16, "AROA" + d16, "ANPA" + d16, "ANVA" + d16, "AIPA" + d16,
            "AIza" + new string('0', 35), "ghp_" + new string('0', 36), "github_pat_" + new string('0', 22), "xoxb-0000000000",
            "sk_live_" + d16, "rk_live_" + d16, "https://hooks.slack.com/services/0/0", "AKIAIOSFODNN7EXAMPLE",
            "https://b:h@d", "Password=x", "pwd = y", "Bearer 00000000", "basic 00000000", "Bearer\t00000000", "basic\n00000000", "Bearer\u00a000000000", "eyJ0.eyJ0.0",
            "-----BEGIN PRIVATE KEY-----", "token=0", "secret: x", "4111 1111 1111 1111", "a@b.co", "10.0.0.1", "::1", "123-45-6789",
        };
        var detectors = new[]
        {
            ValueDetectors.UrlCredentials, ValueDetectors.ConnectionStringPassword, ValueDetectors.BearerToken, ValueDetectors.Jwt,
            ValueDetectors.PrivateKey, ValueDetectors.CloudKeys, ValueDetectors.CardNumber, ValueDetectors.Email, ValueDetectors.IpAddress,
            ValueDetectors.SocialSecurityNumber, ValueDetectors.Assignments(new KeyNameMatcher(new[] { "token", "secret" }, Enumerable.Empty<string>())),
        };
        var hit = new HashSet<string>(StringComparer.Ordinal);
        foreach (var detector in detectors)
        {
            foreach (string original in texts)
            {
                foreach (string text in new[] { original, original.ToUpperInvariant(), original.ToLowerInvariant() })
                {
                    if (AssignmentQuickTestTests.Masks(detector, text))
                    {
                        ulong shape = TextShape.Of(text, out int digits);
                        Assert.True(detector.Fits(shape, digits), $"{detector.Name} rules out {text}");
                        Assert.True(detector.MayMatch(text), $"{detector.Name}'s quick test rules out {text}");
                        hit.Add(original);
                    }
                }
            }
        }

        // Every text is a secret some detector masks (in some case form): none of them tests nothing.
        Assert.Equal(texts.Length, hit.Count);
        Assert.All(texts, t => Assert.Contains(t, hit));
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
