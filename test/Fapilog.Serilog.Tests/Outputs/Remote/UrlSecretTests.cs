using System;
using Fapilog.Serilog.Outputs.Remote;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Remote;

/// <summary>
/// A URL can carry credentials (user information, a key in the query): an error about the URL names the option
/// without showing them, and user information, which the HTTP client would never send, is refused rather than ignored.
/// </summary>
public sealed class UrlSecretTests
{
    private const string Password = "hunter2-pw";

    public static TheoryData<string, Action<string>> BadUrls => new()
    {
        { "ftp://elastic:" + Password + "@127.0.0.1:9/logs", url => new LoggerConfiguration().WriteTo.FapilogHttp(new FapilogHttpOptions { Url = url }) },
        { "http://elastic:" + Password + "@127.0.0.1:9200/?x=1", url => new LoggerConfiguration().WriteTo.FapilogElasticsearch(new FapilogElasticsearchOptions { Url = url }) },
        { "http://127.0.0.1:9200/?api_key=" + Password, url => new LoggerConfiguration().WriteTo.FapilogElasticsearch(new FapilogElasticsearchOptions { Url = url }) },
        { "http://127.0.0.1:4318/?" + Password, url => new LoggerConfiguration().WriteTo.FapilogOtlp(new FapilogOtlpOptions { Url = url }) },
        { "http://u:" + Password + "@127.0.0.1:5341/?apiKey=" + Password, url => new LoggerConfiguration().WriteTo.FapilogSeq(new FapilogSeqOptions { Url = url }) },
        { "http://u:" + Password + "@127.0.0.1:3100", url => new LoggerConfiguration().WriteTo.FapilogLoki(new FapilogLokiOptions { Url = url }) },
        { "http://u:" + Password + "@127.0.0.1:9/logs", url => new LoggerConfiguration().WriteTo.FapilogHttp(new FapilogHttpOptions { Url = url }) },
    };

    [Theory]
    [MemberData(nameof(BadUrls))]
    public void AnOutput_WithABadUrl_FailsNamingUrl_WithoutShowingItsCredentials(string url, Action<string> configure)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => configure(url));

        Assert.Contains("Url", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOutput_WithUserInformationInItsUrl_IsRefused_SayingWhereCredentialsGo()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogHttp(new FapilogHttpOptions { Url = "http://u:" + Password + "@127.0.0.1:9/logs" }));

        Assert.Contains("'http://***@127.0.0.1:9/logs'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("without user information", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/logs", "http://127.0.0.1:9/logs")]
    [InlineData("https://u:p@host:1/a?x=1&token=abc#frag", "https://***@host:1/a?x=***&token=***#***")]
    [InlineData("u:p@host/a", "***@host/a")]
    [InlineData("/relative?s3cret", "/relative?***")]
    [InlineData("http://a@b@host", "http://***@host")]
    [InlineData("", "")]
    public void UrlText_MasksUserInformationAndQueryValues(string url, string shown) => Assert.Equal(shown, UrlText.Shown(url));
}

/// <summary>An exception's message can name a URL with its credentials (a proxy's, from the environment): the outcome's error masks them.</summary>
public sealed class ExceptionUrlSecretTests
{
    [Fact]
    public void AFailedRequest_WhoseExceptionNamesAProxyWithCredentials_HasAnErrorWithoutThem()
    {
        using var handler = new Throwing(new System.Net.Http.HttpRequestException(
            "The proxy tunnel request to proxy 'http://proxyuser:hunter2-pw@10.0.0.1:3128/' failed with status code '407'."));
        var options = new FapilogHttpOptions { Url = "http://127.0.0.1:9/logs", Handler = handler };
        using var poster = new HttpPoster(options);
        using var body = new RequestBody(gzip: false);
        body.Start();
        body.Append("{}\n"u8);

        var outcome = poster.Post(body, new System.Net.Http.Headers.MediaTypeHeaderValue("application/json"), System.Threading.CancellationToken.None);

        Assert.Equal(Fapilog.Serilog.Delivery.DeliveryOutcomeKind.Transient, outcome.Kind);
        Assert.DoesNotContain("hunter2-pw", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("'http://***@10.0.0.1:3128/'", outcome.Error, StringComparison.Ordinal);
    }

    private sealed class Throwing(Exception exception) : System.Net.Http.HttpMessageHandler
    {
        protected override System.Net.Http.HttpResponseMessage Send(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken) => throw exception;

        protected override System.Threading.Tasks.Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
            => System.Threading.Tasks.Task.FromException<System.Net.Http.HttpResponseMessage>(exception);
    }
}
