using System;
using System.Linq;
using System.Text;

namespace Fapilog.Serilog.Tests.Redaction;

/// <summary>
/// The secret assignments' quick test asks the key-name rules about the key before each <c>=</c> or <c>:</c>: it must
/// never rule out a text whose expression and key check would mask something, and it should rule out the common
/// texts with a separator and no secret key (URLs, route templates, times).
/// </summary>
public class AssignmentQuickTestTests
{
    private static readonly KeyNameMatcher CredentialNames = new(new[] { "elapsed" }, RedactionPresets.CredentialKeys);
    private static readonly ValueDetector Detector = ValueDetectors.Assignments(CredentialNames);

    /// <summary>
    /// Whether the expression matches at any start with a match the detector's check takes: every match the scanner can
    /// mask is one of these (it searches from the start, after a match, or one past a rejected one).
    /// </summary>
    internal static bool Masks(ValueDetector detector, string text)
    {
        for (int i = 0; i <= text.Length; i++)
        {
            var match = detector.Regex.Match(text, i);
            if (match.Success && (detector.Accept is null || detector.Accept(match)))
            {
                return true;
            }
        }

        return false;
    }

    [Theory]
    [InlineData("password=hunter2")]
    [InlineData("password = hunter2")]
    [InlineData("password\t:\u00a0hunter2")]
    [InlineData("\"password\": \"hunter2\"")]
    [InlineData("{\"password\":\"hunter2\",\"user\":\"bob\"}")]
    [InlineData("'apiKey' = 'k-1'")]
    [InlineData("Server=x;Password=y")]
    [InlineData("Server=x; User Id=sa; PWD = y")]
    [InlineData("GET /cb?token=abc&page=2")]
    [InlineData("https://h/cb?page=2&access_token=abc")]
    [InlineData("PassWord=x")]
    [InlineData("TOKEN:abc")]
    [InlineData("x-api-key: k1")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG")]
    [InlineData("Authorization: Bearer abcdefghijklmnop")]
    [InlineData("elapsed=12")]
    [InlineData("a=1 b=2 session.id=3")]
    public void SecretAssignments_InEveryForm_AreStillMasked(string text)
    {
        Assert.True(Masks(Detector, text), text);
        Assert.True(Detector.MayMatch(text), text);
        var scanner = new RedactionRules(new FapilogRedactionOptions { Fields = new[] { "elapsed" } }).Values;
        Assert.NotNull(scanner.Redact(text));
        Assert.True(scanner.MayChange(text));
    }

    [Theory]
    [InlineData("/api/orders/{id:int}")]
    [InlineData("{controller=Home}/{action=Index}/{id?}")]
    [InlineData("http://127.0.0.1:5099")]
    [InlineData("https://example.com/path?page=2&sort=name")]
    [InlineData("Elapsed 00:00:01.250 at 12:30:45")]
    [InlineData("author: Jane, tokenizer=bpe")]
    [InlineData("xtoken=1 /token=2 \\token=3 1token=4")]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics: Request finished")]
    public void TextsWithoutASecretKey_AreRuledOutWithoutTheExpression(string text)
    {
        Assert.False(Masks(Detector, text), text);
        Assert.False(Detector.MayMatch(text), text);
        Assert.False(new RedactionRules(new FapilogRedactionOptions()).Values.MayChange(text), text);
    }

    [Fact]
    public void TheQuickTest_NeverRulesOutATextTheDetectorMasks_OnRandomTexts()
    {
        // Texts built of keys (secret and not), key characters, separators, quotes, white space (ASCII and not),
        // the characters the expression's look-behind refuses, and a Kelvin sign (a k to a case-insensitive class).
        string[] pieces =
        {
            "token", "Password", "pwd", "apiKey", "x", "id", "http", "a1", "_", ".", "-", "/", "\\", "=", ":", "\"", "'", " ", "\t",
            "\u00a0", "\u212a", "\u017f", "?", "&", ";", ",", "{", "}", "9", "é", "secret", "SeCrEt", "auth", "tokenizer", new string('k', 64),
        };
        var random = new Random(20261204);
        int masked = 0;
        for (int n = 0; n < 20000; n++)
        {
            var text = new StringBuilder();
            int count = random.Next(1, 9);
            for (int i = 0; i < count; i++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            string t = text.ToString();
            if (Masks(Detector, t))
            {
                masked++;
                Assert.True(Detector.MayMatch(t), $"the quick test rules out \"{t}\"");
            }
        }

        Assert.True(masked > 300, $"only {masked} texts masked");
    }

    [Fact]
    public void AKeySeenBefore_CostsNoString_AndGetsTheSameVerdict()
    {
        var names = new KeyNameMatcher(Array.Empty<string>(), RedactionPresets.CredentialKeys);
        foreach (string key in new[] { "token", "id", "userPassword", "tokenizer", "x-api-key" })
        {
            bool expected = names.IsSecret(key);
            Assert.Equal(expected, names.IsSecret(("[" + key + "]").AsSpan(1, key.Length)));
            Assert.Equal(expected, names.IsSecret(key.AsSpan()));
        }

        string text = "/api/orders/{id:int}";
        Assert.False(ValueDetectors.MayAssignSecret(text, names));
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool any = false;
        for (int i = 0; i < 100; i++)
        {
            any |= ValueDetectors.MayAssignSecret(text, names);
        }

        Assert.False(any);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void OnlyASecretKey_LetsTheExpressionRun() =>
        Assert.Equal(
            new[] { false, true },
            new[] { "page=2&sort=name&id=3", "page=2&sort=name&token=3" }.Select(t => ValueDetectors.MayAssignSecret(t, CredentialNames)).ToArray());
}
