using System;

namespace Fapilog.Serilog.Tests.Redaction;

public class KeyNameMatcherTests
{
    private static readonly KeyNameMatcher Credentials = new(Array.Empty<string>(), RedactionPresets.CredentialKeys);

    [Theory]
    [InlineData("password")]
    [InlineData("Password")]
    [InlineData("PASSWORD")]
    [InlineData("userPassword")]
    [InlineData("user_password")]
    [InlineData("user-password")]
    [InlineData("db.password")]
    [InlineData("apiKey")]
    [InlineData("api_key")]
    [InlineData("x-api-key")]
    [InlineData("APIKey")]
    [InlineData("ApiKeys")]
    [InlineData("apikey")]
    [InlineData("authToken")]
    [InlineData("OAuth")]
    [InlineData("Authorization")]
    [InlineData("client_secret")]
    [InlineData("aws_secret_access_key")]
    [InlineData("refreshToken")]
    [InlineData("Set-Cookie")]
    [InlineData("private key")]
    public void CredentialNames_AreSecrets_InEveryCase(string name) => Assert.True(Credentials.IsSecret(name), name);

    [Theory]
    [InlineData("author")]
    [InlineData("Authors")]
    [InlineData("tokenizer")]
    [InlineData("secretary")]
    [InlineData("passport")]
    [InlineData("keyboard")]
    [InlineData("cacheKey")]
    [InlineData("spinner")]
    [InlineData("compass")]
    [InlineData("UserName")]
    [InlineData("OrderId")]
    [InlineData("SourceContext")]
    public void WordPatterns_DoNotMatchInsideOtherWords(string name) => Assert.False(Credentials.IsSecret(name), name);

    [Fact]
    public void Words_CutAtSeparatorsAndCamelCaseHumps()
    {
        Assert.Equal(new[] { "api", "key" }, KeyNameMatcher.Words("APIKey"));
        Assert.Equal(new[] { "user", "password", "hash" }, KeyNameMatcher.Words("user-password_Hash"));
        Assert.Equal(new[] { "sha256", "hash" }, KeyNameMatcher.Words("sha256Hash"));
        Assert.Equal(new[] { "oauth2", "token" }, KeyNameMatcher.Words("oauth2_token"));
    }

    [Fact]
    public void ExactNames_MatchWholeNamesOnly_InAnyCase()
    {
        var matcher = new KeyNameMatcher(new[] { "Ssn" }, Array.Empty<string>());

        Assert.True(matcher.IsSecret("SSN"));
        Assert.True(matcher.IsSecret("ssn"));
        Assert.False(matcher.IsSecret("ssnHash"));
    }
}
