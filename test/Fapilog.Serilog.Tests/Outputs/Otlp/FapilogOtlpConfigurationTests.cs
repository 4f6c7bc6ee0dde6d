using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Otlp;

/// <summary><c>WriteTo.FapilogOtlp</c> configured in code and from <c>appsettings.json</c>, and what it says about bad options.</summary>
public sealed class FapilogOtlpConfigurationTests : IAsyncLifetime
{
    private OtlpReceiver _collector = null!;

    public async Task InitializeAsync() => _collector = await OtlpReceiver.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public void FapilogOtlp_InCode_InsideAPipeline_DeliversEveryEvent_WithItsHeadersAndResource()
    {
        var headers = new Dictionary<string, string> { ["Authorization"] = "Bearer code" };
        var resource = new Dictionary<string, string> { ["service.name"] = "shop" };
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogOtlp(_collector.BaseUrl, FapilogOtlpProtocol.HttpJson, headers, resource))
            .CreateLogger())
        {
            for (int n = 1; n <= 20; n++)
            {
                logger.Information("Event {N}", n);
            }

            // With the default delivery options: the batch timer sends them, and retries would go on for minutes, so
            // a cold first request on a busy machine is waited for here rather than left to the close's 1.5 s.
            Assert.True(System.Threading.SpinWait.SpinUntil(() => _collector.Inner.Accepted.Count > 0 && _collector.Numbers.Count == 20, TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(Enumerable.Range(1, 20), _collector.Numbers);
        Assert.All(_collector.Inner.Accepted, r => Assert.Equal("Bearer code", r.Headers["Authorization"]));
        Assert.All(_collector.Records, r => Assert.Equal("shop", r.Resource["service.name"]));
    }

    [Fact]
    public void FapilogOtlp_FromAppSettings_BindsEveryArgumentByName()
    {
        string json = AppSettings.WriteTo($$"""
            {
              "Name": "Fapilog",
              "Args": {
                "name": "otlp-json",
                "configure": [
                  {
                    "Name": "FapilogOtlp",
                    "Args": {
                      "url": "{{_collector.BaseUrl}}",
                      "protocol": "HttpJson",
                      "compression": "Gzip",
                      "headers": { "X-Api-Key": "k-123" },
                      "resourceAttributes": { "service.name": "shop", "deployment.environment.name": "demo" },
                      "readEnvironment": "false",
                      "includeMessageTemplate": "false",
                      "requestTimeout": "00:00:20",
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

        Assert.Equal(Enumerable.Range(1, 12), _collector.Numbers);
        Assert.Equal(3, _collector.Inner.Accepted.Count);
        Assert.All(_collector.Inner.Accepted, r =>
        {
            Assert.Equal("k-123", r.Headers["X-Api-Key"]);
            Assert.Equal("gzip", r.Headers["Content-Encoding"]);
            Assert.Equal("application/json", r.Headers["Content-Type"]);
        });
        Assert.All(_collector.Records, r =>
        {
            Assert.Equal("shop", r.Resource["service.name"]);
            Assert.Equal("demo", r.Resource["deployment.environment.name"]);
            Assert.False(r.Attributes.ContainsKey("message_template.text"));
        });
    }

    [Theory]
    [InlineData("protocol", "\"Grpc\"", "HttpProtobuf, HttpJson")]
    [InlineData("compression", "\"Zstd\"", "None, Gzip")]
    [InlineData("readEnvironment", "\"maybe\"", "true, false")]
    [InlineData("delivery.batchSizeLimit", "0", "at least 1")]
    [InlineData("url", "\"ftp://example.test/\"", "an absolute http or https URL without a query")]
    [InlineData("url", "\"http://127.0.0.1:4318/?tenant=a\"", "an absolute http or https URL without a query")]
    public void FapilogOtlp_FromAppSettings_WithAWrongValue_FailsNamingTheArgumentAndTheValidValues(string argument, string value, string valid)
    {
        string entry = argument.Split('.') is [var outer, var inner] ? $$"""
            "{{outer}}": { "{{inner}}": {{value}} }
            """ : $"\"{argument}\": {value}";
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""{ "Name": "FapilogOtlp", "Args": { {{entry}} } }"""));

        Assert.Equal(argument, ex.ParamName);
        Assert.Contains($"WriteTo.FapilogOtlp argument '{argument}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(valid, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogOtlp_FromAppSettings_WithAnUnknownArgument_FailsNamingIt()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo("""{ "Name": "FapilogOtlp", "Args": { "endpoint": "http://127.0.0.1:4318" } }"""));

        Assert.Contains("WriteTo.FapilogOtlp argument 'endpoint' is unknown", ex.Message, StringComparison.Ordinal);
        Assert.Contains("resourceAttributes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void FapilogOtlp_WithAnEmptyResourceAttributeName_FailsNamingTheOption(string key)
    {
        var options = new FapilogOtlpOptions();
        options.ResourceAttributes[key] = "x";

        var ex = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogOtlp(options));

        Assert.StartsWith("Fapilog: FapilogOtlpOptions.ResourceAttributes has the value '", ex.Message, StringComparison.Ordinal);
        Assert.Contains("attribute names that are not empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogOtlp_WithABadEnumValue_FailsNamingTheOptionAndTheValidValues()
    {
        var options = new FapilogOtlpOptions { Protocol = (FapilogOtlpProtocol)7 };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LoggerConfiguration().WriteTo.FapilogOtlp(options));

        Assert.StartsWith("Fapilog: FapilogOtlpOptions.Protocol has the value '7'; valid values are HttpProtobuf, HttpJson.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogOtlpOptions_Defaults_AreTheDocumentedOnes()
    {
        var options = new FapilogOtlpOptions();

        Assert.Equal(("http://localhost:4318", "otlp", TimeSpan.FromSeconds(30)), (options.Url, options.Name, options.RequestTimeout));
        Assert.Equal((FapilogOtlpProtocol.HttpProtobuf, FapilogOtlpCompression.None), (options.Protocol, options.Compression));
        Assert.True(options.ReadEnvironment);
        Assert.True(options.IncludeMessageTemplate);
        Assert.Empty(options.Headers);
        Assert.Empty(options.ResourceAttributes);
        Assert.Equal("http://localhost:4318/v1/logs", options.LogsUrl().ToString());
    }
}
