using System;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Elasticsearch;

public sealed class ElasticsearchConfigurationTests : IAsyncLifetime
{
    private LoopbackElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await LoopbackElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    [Fact]
    public void FapilogElasticsearch_FromAppSettings_BindsArgumentsByName()
    {
        _es.RequiredAuthorization = "ApiKey k-123";
        _es.Pipelines.Add("logs-enrich");
        string json = AppSettings.WriteTo($$"""
            {
              "Name": "Fapilog",
              "Args": {
                "name": "es-json",
                "configure": [
                  {
                    "Name": "FapilogElasticsearch",
                    "Args": {
                      "url": "{{_es.Url}}",
                      "index": "shop-{0:yyyy.MM}",
                      "operation": "index",
                      "setDocumentIds": "false",
                      "pipeline": "logs-enrich",
                      "apiKey": "k-123",
                      "compressRequests": "true",
                      "format": "Clef",
                      "headers": { "X-Tenant": "blue" },
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

        Assert.Equal(Enumerable.Range(1, 12), _es.Numbers);
        Assert.Equal(3, _es.Bulks.Count);
        Assert.All(_es.Bulks, b =>
        {
            Assert.Equal("blue", b.Headers["X-Tenant"]);
            Assert.Equal("gzip", b.Headers["Content-Encoding"]);
            Assert.DoesNotContain("\"_id\"", b.Text, StringComparison.Ordinal);
        });
        Assert.All(_es.Documents, d =>
        {
            Assert.Equal(("index", "logs-enrich"), (d.Operation, d.Pipeline));
            Assert.Matches("^shop-[0-9]{4}\\.[0-9]{2}$", d.Index);
            Assert.True(d.Source.TryGetProperty("@mt", out _), "the CLEF document follows @timestamp");
        });
    }

    [Fact]
    public void FapilogElasticsearch_FromAppSettings_WithoutAUrl_FailsNamingIt()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo("""{ "Name": "FapilogElasticsearch", "Args": { "dataStream": "logs-app-default" } }"""));

        Assert.Equal("url", ex.ParamName);
        Assert.Equal("Fapilog: WriteTo.FapilogElasticsearch argument 'url' has no value; valid values are an absolute http or https URL such as http://127.0.0.1:9200.", ex.Message.Split(" (Parameter", 2)[0]);
    }

    [Theory]
    [InlineData("dataStream", "\"Logs-App-Default\"", "upper case letters are not allowed", "a data stream name in lower case")]
    [InlineData("dataStream", "\"logs app\"", "which names may not hold", "a data stream name in lower case")]
    [InlineData("index", "\"logs-{0:yyyy.MM.dd HH:mm}\"", "'m' is not allowed in the date format", "a pattern such as logs-{0:yyyy.MM.dd}")]
    [InlineData("index", "\"logs-{1:yyyy}\"", "not a format such as logs-{0:yyyy.MM.dd}", "letters y, M, d, H")]
    [InlineData("index", "\"logs-{0:d}\"", "a standard format ({0:d}) is not allowed", "letters y, M, d, H")]
    [InlineData("index", "\"_logs\"", "may not start with -, _ or +", "an index name in lower case")]
    [InlineData("operation", "\"Upsert\"", "Upsert", "Create, Index")]
    [InlineData("operation", "\"Index\"", "Index", "Create when the target is a data stream")]
    [InlineData("setDocumentIds", "\"yes\"", "yes", "true")]
    [InlineData("format", "\"Xml\"", "Xml", "Envelope, Clef, RenderedClef")]
    [InlineData("delivery.batchSizeLimit", "0", "0", "at least 1")]
    public void FapilogElasticsearch_FromAppSettings_WithAWrongValue_FailsNamingTheArgumentAndTheValidValues(string argument, string value, string shown, string valid)
    {
        string entry = argument.Split('.') is [var outer, var inner] ? $$"""
            "{{outer}}": { "{{inner}}": {{value}} }
            """ : $"\"{argument}\": {value}";
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""{ "Name": "FapilogElasticsearch", "Args": { "url": "http://127.0.0.1:9/", {{entry}} } }"""));

        Assert.Equal(argument, ex.ParamName);
        Assert.StartsWith($"Fapilog: WriteTo.FapilogElasticsearch argument '{argument}' has the value '", ex.Message, StringComparison.Ordinal);
        Assert.Contains(shown, ex.Message, StringComparison.Ordinal);
        Assert.Contains("; valid values are ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(valid, ex.Message.Split("; valid values are ", 2)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogElasticsearch_FromAppSettings_WithAnUnknownArgument_FailsNamingIt()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo("""{ "Name": "FapilogElasticsearch", "Args": { "url": "http://127.0.0.1:9/", "indexFormat": "logs-{0:yyyy}" } }"""));

        Assert.Contains("WriteTo.FapilogElasticsearch argument 'indexFormat' is unknown", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dataStream, index, operation", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9200/_bulk", "Url", "the base address without a query; the output adds /_bulk")]
    [InlineData("http://127.0.0.1:9200/?refresh=true", "Url", "the base address without a query")]
    [InlineData("ftp://127.0.0.1:9200/", "Url", "an absolute http or https URL")]
    public void FapilogElasticsearchOptions_WithABadUrl_FailNamingIt(string url, string option, string valid)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogElasticsearch(new FapilogElasticsearchOptions { Url = url }));

        Assert.StartsWith($"Fapilog: FapilogElasticsearchOptions.{option} has the value '{Fapilog.Serilog.Outputs.Remote.UrlText.Shown(url)}'; valid values are ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(valid, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogElasticsearchOptions_WithBothTargets_OrTwoAuthorizations_FailNamingTheOption_WithoutShowingTheKey()
    {
        var both = new FapilogElasticsearchOptions { Url = "http://127.0.0.1:9/", DataStream = "logs-a-b", Index = "a" };
        var twice = new FapilogElasticsearchOptions { Url = "http://127.0.0.1:9/", ApiKey = "s3cret" };
        twice.Headers["Authorization"] = "Basic dTpw";

        var bothError = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogElasticsearch(both));
        var twiceError = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogElasticsearch(twice));

        Assert.Equal("Fapilog: FapilogElasticsearchOptions.Index has the value 'a'; valid values are null when DataStream is set (events go to a data stream or to an index, not both). (Parameter 'Index')", bothError.Message);
        Assert.StartsWith("Fapilog: FapilogElasticsearchOptions.ApiKey has the value '(not shown)'; valid values are null when Headers has an Authorization header", twiceError.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", twiceError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogElasticsearchOptions_Defaults_AreTheDocumentedOnes()
    {
        var options = new FapilogElasticsearchOptions();

        Assert.Equal(("elasticsearch", FapilogFormat.Envelope, FapilogElasticsearchOperation.Create, TimeSpan.FromSeconds(30)), (options.Name, options.Format, options.Operation, options.RequestTimeout));
        Assert.Equal((null, null, null, null), (options.DataStream, options.Index, options.Pipeline, options.ApiKey));
        Assert.Equal((true, false), (options.SetDocumentIds, options.CompressRequests));
        Assert.Equal("logs-generic-default", FapilogElasticsearchOptions.DefaultDataStream);
        Assert.Equal((1000, 1024 * 1024), (options.Delivery.BatchSizeLimit, options.Delivery.BatchBytesLimit));
    }
}
