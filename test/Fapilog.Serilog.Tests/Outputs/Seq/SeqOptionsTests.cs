using System;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Seq;

/// <summary>The Seq output's options from code: defaults, and errors that name the option and never show the key.</summary>
public sealed class SeqOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new FapilogSeqOptions();

        Assert.Equal(("seq", FapilogFormat.Clef, false, 262_144), (options.Name, options.Format, options.Compress, options.EventBodyLimitBytes));
        Assert.Null(options.ApiKey);
        Assert.Equal(string.Empty, options.Url);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);

        // One request stays well under Seq's default raw payload limit (10 MiB).
        Assert.Equal(1024 * 1024, options.Delivery.BatchBytesLimit);
    }

    [Fact]
    public void TheEnvelopeFormat_IsRefused_NamingTheValidFormats()
    {
        var options = new FapilogSeqOptions { Url = "http://127.0.0.1:5341", Format = FapilogFormat.Envelope };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LoggerConfiguration().WriteTo.FapilogSeq(options));

        Assert.StartsWith(
            "Fapilog: FapilogSeqOptions.Format has the value 'Envelope'; valid values are Clef, RenderedClef (Seq reads CLEF; the fapilog envelope is not its format).",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("localhost:5341")]
    [InlineData("http://127.0.0.1:5341/ingest/clef")]
    [InlineData("http://127.0.0.1:5341/api/events/raw/")]
    [InlineData("http://127.0.0.1:5341/#frag")]
    public void AUrlThatIsNotABaseAddress_IsRefused_NamingUrlOnTheOptions(string url)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogSeq(new FapilogSeqOptions { Url = url }));

        Assert.StartsWith("Fapilog: FapilogSeqOptions.Url has ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("base address of the Seq server", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTypedOverload_NamesTheUrlServerUrl_AsItsParameterIs()
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogSeq("ftp://127.0.0.1:5341", apiKey: "k"));

        Assert.Equal("serverUrl", ex.ParamName);
        Assert.StartsWith("Fapilog: WriteTo.FapilogSeq argument 'serverUrl' has the value 'ftp://127.0.0.1:5341'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("k\u00e9y", "not printable ASCII on one line")]
    [InlineData("key\nX-Other: 1", "not printable ASCII on one line")]
    public void AnApiKeyHttpWouldRefuse_IsRefused_WithoutShowingIt(string key, string problem)
    {
        var ex = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogSeq(new FapilogSeqOptions { Url = "http://127.0.0.1:5341", ApiKey = key }));

        Assert.StartsWith("Fapilog: FapilogSeqOptions.ApiKey has the value '(not shown: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        if (key.Length > 0)
        {
            Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AnApiKey_AndAnXSeqApiKeyHeader_AreNotBothTaken()
    {
        var options = new FapilogSeqOptions { Url = "http://127.0.0.1:5341", ApiKey = "k-first-9" };
        options.Headers["x-seq-apikey"] = "k-second-8";

        var ex = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogSeq(options));

        Assert.Contains("the X-Seq-ApiKey header is set in Headers too", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("k-first-9", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("k-second-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEventBodyLimitBelow1KiB_IsRefused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LoggerConfiguration().WriteTo.FapilogSeq(
            new FapilogSeqOptions { Url = "http://127.0.0.1:5341", EventBodyLimitBytes = 10 }));

        Assert.StartsWith("Fapilog: FapilogSeqOptions.EventBodyLimitBytes has the value '10'; valid values are at least 1024, or null", ex.Message, StringComparison.Ordinal);
    }
}
