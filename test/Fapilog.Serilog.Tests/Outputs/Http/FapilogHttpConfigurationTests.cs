using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Http;

public sealed class FapilogHttpConfigurationTests : IAsyncLifetime
{
    private LoopbackReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await LoopbackReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public void FapilogHttp_InsideAPipeline_DeliversEveryEventAtClose()
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer code" };
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogHttp(_receiver.Url.ToString(), FapilogFormat.Clef, headers: headers))
            .CreateLogger())
        {
            for (int n = 1; n <= 20; n++)
            {
                logger.Information("Event {N}", n);
            }

            // Delivered by the batching timer before the close: a cold first request on a busy machine can outlast the
            // default 1.5 s close, which is the close's bound to keep, not this test's point.
            for (int i = 0; i < 3000 && _receiver.Numbers.Count < 20; i++)
            {
                _receiver.AcceptedOne.Wait(TimeSpan.FromMilliseconds(10));
            }
        }

        Assert.Equal(Enumerable.Range(1, 20), _receiver.Numbers);
        Assert.All(_receiver.Accepted, r => Assert.Equal("Bearer code", r.Headers["Authorization"]));
    }

    [Fact]
    public void FapilogHttp_FromAppSettings_BindsArgumentsByName_HeadersIncluded()
    {
        string json = AppSettings.WriteTo($$"""
            {
              "Name": "Fapilog",
              "Args": {
                "name": "http-json",
                "configure": [
                  {
                    "Name": "FapilogHttp",
                    "Args": {
                      "url": "{{_receiver.Url}}",
                      "format": "clef",
                      "bodyFormat": "JsonArray",
                      "headers": { "X-Api-Key": "k-123" },
                      "signingSecret": "hush",
                      "delivery": { "batchSizeLimit": 5, "batchTimeLimit": "00:01:00", "closeTimeout": "00:00:10" },
                      "restrictedToMinimumLevel": "Warning"
                    }
                  }
                ]
              }
            }
            """);

        using (var logger = AppSettings.Read(json).CreateLogger())
        {
            for (int n = 1; n <= 12; n++)
            {
                logger.Warning("Event {N}", n);
                logger.Information("Event {N}", -n);
            }
        }

        Assert.Equal(Enumerable.Range(1, 12), _receiver.Numbers);
        Assert.Equal(3, _receiver.Accepted.Count);
        Assert.All(_receiver.Accepted, r =>
        {
            Assert.Equal("k-123", r.Headers["X-Api-Key"]);
            Assert.StartsWith("application/json", r.Headers["Content-Type"], StringComparison.Ordinal);
            Assert.StartsWith("sha256=", r.Headers["X-Fapilog-Signature-256"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public void FapilogHttp_FromAppSettings_WithoutAUrl_FailsNamingIt()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo("""{ "Name": "FapilogHttp", "Args": { "bodyFormat": "Ndjson" } }"""));

        Assert.Equal("url", ex.ParamName);
        Assert.Equal("Fapilog: WriteTo.FapilogHttp argument 'url' has no value; valid values are an absolute http or https URL such as http://127.0.0.1:8080/logs.", ex.Message.Split(" (Parameter", 2)[0]);
    }

    [Theory]
    [InlineData("bodyFormat", "\"Xml\"", "Ndjson, JsonArray")]
    [InlineData("delivery.batchSizeLimit", "0", "at least 1")]
    [InlineData("delivery.closeTimeout", "\"5\"", "time spans written")]
    [InlineData("url", "\"ftp://example.test/\"", "an absolute http or https URL")]
    public void FapilogHttp_FromAppSettings_WithAWrongValue_FailsNamingTheArgumentAndTheValidValues(string argument, string value, string valid)
    {
        string url = argument == "url" ? string.Empty : "\"url\": \"http://127.0.0.1:9/logs\", ";
        string entry = argument.Split('.') is [var outer, var inner] ? $$"""
            "{{outer}}": { "{{inner}}": {{value}} }
            """ : $"\"{argument}\": {value}";
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""{ "Name": "FapilogHttp", "Args": { {{url}}{{entry}} } }"""));

        Assert.Equal(argument, ex.ParamName);
        Assert.Contains($"WriteTo.FapilogHttp argument '{argument}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(valid, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogHttp_FromAppSettings_WithAnUnknownArgument_FailsNamingIt()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo("""{ "Name": "FapilogHttp", "Args": { "url": "http://127.0.0.1:9/logs", "retries": 3 } }"""));

        Assert.Contains("WriteTo.FapilogHttp argument 'retries' is unknown", ex.Message, StringComparison.Ordinal);
        Assert.Contains("headers", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogHttp_FromAppSettings_WithAnUnknownDeliveryOption_FailsNamingItAndTheValidOnes()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo(
            """{ "Name": "FapilogHttp", "Args": { "url": "http://127.0.0.1:9/logs", "delivery": { "retries": 3 } } }"""));

        Assert.Equal("delivery.retries", ex.ParamName);
        Assert.StartsWith("Fapilog: WriteTo.FapilogHttp argument 'delivery.retries' is not a delivery option; valid options are delivery.batchSizeLimit, ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogHttp_WithABadOption_NamesItByItsPathInTheOptions()
    {
        var options = new FapilogHttpOptions { Url = "http://127.0.0.1:9/logs" };
        options.Delivery.BatchSizeLimit = 10;
        options.Delivery.BufferEventLimit = 10;

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LoggerConfiguration().WriteTo.FapilogHttp(options));

        Assert.StartsWith("Fapilog: FapilogHttpOptions.Delivery.BufferEventLimit has the value '10'; valid values are greater than BatchSizeLimit, so that events can wait behind a full batch in flight.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Tenant", "blue\r\nX-Injected: 1", "its value is not printable ASCII")]
    [InlineData("X-Tenant", "bl\u00fce", "its value is not printable ASCII")]
    [InlineData("X Tenant", "blue", "not a header name HTTP accepts")]
    [InlineData("X-Ten:ant", "blue", "not a header name HTTP accepts")]
    [InlineData("X-T\u00e9nant", "blue", "not a header name")]
    [InlineData(" ", "blue", "not a header name")]
    [InlineData("Content-Length", "10", "set by the output itself")]
    [InlineData("host", "example.test", "set by the output itself")]
    public void FapilogHttp_WithAHeaderHttpWouldRefuse_FailsNamingTheOption_WithoutShowingTheValue(string name, string value, string problem)
    {
        var options = new FapilogHttpOptions { Url = "http://127.0.0.1:9/logs" };
        options.Headers[name] = value;

        var ex = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogHttp(options));

        Assert.StartsWith("Fapilog: FapilogHttpOptions.Headers has the value '", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("blue", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogHttp_AcceptsRequestAndContentHeaders()
    {
        var options = new FapilogHttpOptions { Url = "http://127.0.0.1:9/logs" };
        options.Headers["Authorization"] = "Bearer a.b.c";
        options.Headers["Content-Type"] = "application/vnd.acme.logs+ndjson";
        options.Headers["X-Api-Key"] = "k\t123";

        var ex = Record.Exception(() => new LoggerConfiguration().WriteTo.FapilogHttp(options).CreateLogger().Dispose());

        Assert.Null(ex);
    }

    [Fact]
    public void FapilogHttpOptions_Defaults_AreTheDocumentedOnes()
    {
        var options = new FapilogHttpOptions();
        var d = options.Delivery;

        Assert.Equal((FapilogFormat.Envelope, FapilogHttpBodyFormat.Ndjson, TimeSpan.FromSeconds(30), "http"), (options.Format, options.BodyFormat, options.RequestTimeout, options.Name));
        Assert.Null(options.SigningSecret);
        Assert.Empty(options.Headers);
        Assert.Equal((1000, 1024 * 1024, TimeSpan.FromSeconds(1)), (d.BatchSizeLimit, d.BatchBytesLimit, d.BatchTimeLimit));
        Assert.Equal((100_000, 64L * 1024 * 1024, FapilogLevel.Error), (d.BufferEventLimit, d.BufferBytesLimit, d.ProtectedMinimumLevel));
        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)), (d.MinRetryDelay, d.MaxRetryDelay, d.RetryTimeLimit));
        Assert.Equal((5, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1.5)), (d.BreakerFailureThreshold, d.BreakDuration, d.CloseTimeout));
    }
}
