using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Loki;

/// <summary>Configuring the Loki output from code and from <c>appsettings.json</c>; the binding test reads SelfLog.</summary>
[Collection(SelfLogCollection.Name)]
public sealed class FapilogLokiConfigurationTests
{
    private const string Url = "\"url\": \"http://127.0.0.1:9\"";

    [Fact]
    public async Task FapilogLoki_InsideAPipeline_DeliversEveryEventAtClose_WithTheLabelsGiven()
    {
        await using var loki = await LoopbackLoki.StartAsync();
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogLoki(loki.Url, new Dictionary<string, string> { ["app"] = "shop" }, ["Region"]))
            .CreateLogger())
        {
            for (int n = 1; n <= 20; n++)
            {
                logger.Information("Event {N} in {Region}", n, n % 2 == 0 ? "eu" : "us");
            }
        }

        // One stream per region; Loki keeps each stream's entries in order.
        Assert.Equal(Enumerable.Range(1, 20), loki.Numbers.Order());
        Assert.All(loki.Entries, e => Assert.Equal(e.Number % 2 == 0 ? "eu" : "us", e.Labels["Region"]));
        Assert.Equal(Enumerable.Range(1, 10).Select(n => 2 * n), loki.Entries.Where(e => e.Labels["Region"] == "eu").Select(e => e.Number));
        Assert.All(loki.Entries, e => Assert.Equal(("shop", "INFO"), (e.Labels["app"], e.Labels["level"])));
    }

    [Fact]
    public async Task FapilogLoki_FromAppSettings_BindsEveryArgument()
    {
        await using var loki = await LoopbackLoki.StartAsync(multiTenant: true);
        using var selfLog = new SelfLogCapture();
        string json = AppSettings.WriteTo($$"""
            {
              "Name": "Fapilog",
              "Args": {
                "configure": [
                  {
                    "Name": "FapilogLoki",
                    "Args": {
                      "url": "{{loki.Url}}",
                      "tenant": "team-b",
                      "labels": { "app": "shop", "env": "test" },
                      "propertiesAsLabels": [ "Region" ],
                      "levelLabel": "severity",
                      "maxLabelValuesPerLabel": 2,
                      "maxLabelValueLength": 3,
                      "lineFormat": "clef",
                      "gzip": "true",
                      "headers": { "X-Extra": "k-1" },
                      "requestTimeout": "00:00:20",
                      "name": "loki-json",
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
                logger.Warning("Event {N} in {Region}", n, (n % 3) + "-region");
                logger.Information("Event {N}", -n);
            }
        }

        Assert.Equal(Enumerable.Range(1, 12), loki.Numbers.Order());
        Assert.Equal(3, loki.Pushes.Count);
        Assert.All(loki.Pushes, p => Assert.Equal(("gzip", "k-1", "team-b"), (p.Headers["Content-Encoding"], p.Headers["X-Extra"], p.Headers["X-Scope-OrgID"])));
        Assert.All(loki.Entries, e => Assert.Equal(("shop", "test", "WARNING"), (e.Labels["app"], e.Labels["env"], e.Labels["severity"])));
        Assert.All(loki.Entries, e => Assert.Equal("Event {N} in {Region}", e.Json.GetProperty("@mt").GetString()));
        Assert.Equal(new[] { "1-r", "2-r", "__overflow__" }, loki.Entries.Select(e => e.Labels["Region"]).Distinct().Order(StringComparer.Ordinal));
        Assert.Single(selfLog.Lines, l => l.Contains("Fapilog output 'loki-json': label 'Region' reached MaxLabelValuesPerLabel (2 distinct values)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("labels", """{ "1app": "shop" }""", "[a-zA-Z_][a-zA-Z0-9_]*")]
    [InlineData("propertiesAsLabels", """[ "level" ]""", "level (a label name used twice)")]
    [InlineData("labels", """{ "app": "" }""", "non-empty values")]
    [InlineData("propertiesAsLabels", """[ "Request-Path" ]""", "[a-zA-Z_][a-zA-Z0-9_]*")]
    [InlineData("levelLabel", "\"__level\"", "not starting with __")]
    [InlineData("tenant", "\"team/a\"", "a-z, A-Z, 0-9 and ! - _ . * ' ( )")]
    [InlineData("tenant", "\"..\"", "other than . and ..")]
    [InlineData("maxLabelValuesPerLabel", "0", "from 1 to 100000")]
    [InlineData("maxLabelValueLength", "\"long\"", "from 1 to 2048")]
    [InlineData("lineFormat", "\"Xml\"", "Envelope, Clef, RenderedClef")]
    [InlineData("gzip", "\"yes\"", "true or false")]
    [InlineData("url", "\"ftp://loki.test/\"", "an absolute http or https URL such as http://127.0.0.1:3100")]
    [InlineData("delivery.batchSizeLimit", "0", "at least 1")]
    public void FapilogLoki_FromAppSettings_WithAWrongValue_FailsNamingTheArgumentAndTheValidValues(string argument, string value, string valid)
    {
        string url = argument == "url" ? string.Empty : Url + ", ";
        string entry = argument.Split('.') is [var outer, var inner] ? $$"""
            "{{outer}}": { "{{inner}}": {{value}} }
            """ : $"\"{argument}\": {value}";
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""{ "Name": "FapilogLoki", "Args": { {{url}}{{entry}} } }"""));

        Assert.Equal(argument, ex.ParamName);
        Assert.StartsWith($"Fapilog: WriteTo.FapilogLoki argument '{argument}' has the value '", ex.Message, StringComparison.Ordinal);
        Assert.Contains(valid, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogLoki_FromAppSettings_WithoutAnyLabelThatEveryStreamHas_FailsNamingLabels()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""{ "Name": "FapilogLoki", "Args": { {{Url}}, "levelLabel": "", "propertiesAsLabels": [ "Region" ] } }"""));

        Assert.Equal("labels", ex.ParamName);
        Assert.Contains("Labels or LevelLabel must give every stream a label", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogLoki_FromAppSettings_WithoutAUrl_OrWithAnUnknownArgument_FailsNamingIt()
    {
        var missing = AppSettings.ConfigurationError(AppSettings.WriteTo("""{ "Name": "FapilogLoki", "Args": { "tenant": "a" } }"""));
        var unknown = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""{ "Name": "FapilogLoki", "Args": { {{Url}}, "label": { "app": "x" } } }"""));

        Assert.Equal("Fapilog: WriteTo.FapilogLoki argument 'url' has no value; valid values are an absolute http or https URL such as http://127.0.0.1:3100.", missing.Message.Split(" (Parameter", 2)[0]);
        Assert.Contains("WriteTo.FapilogLoki argument 'label' is unknown", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("propertiesAsLabels", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FapilogLoki_WithABadOption_NamesItByItsPathInTheOptions()
    {
        var options = new FapilogLokiOptions { Url = "http://127.0.0.1:9", Tenant = "a" };
        options.Headers["x-scope-orgid"] = "b";

        var ex = Assert.Throws<ArgumentException>(() => new LoggerConfiguration().WriteTo.FapilogLoki(options));

        Assert.StartsWith("Fapilog: FapilogLokiOptions.Headers has the value 'X-Scope-OrgID'; valid values are headers other than X-Scope-OrgID when Tenant is set", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://loki:3100", "http://loki:3100/loki/api/v1/push")]
    [InlineData("http://loki:3100/", "http://loki:3100/loki/api/v1/push")]
    [InlineData("https://gateway.test/tenant-a", "https://gateway.test/tenant-a/loki/api/v1/push")]
    [InlineData("http://loki:3100/loki/api/v1/push", "http://loki:3100/loki/api/v1/push")]
    public void Url_IsLokisBaseAddress_AndAFullPushUrlIsTakenAsItIs(string url, string push) =>
        Assert.Equal(push, new FapilogLokiOptions { Url = url }.PushUrl().ToString());

    [Fact]
    public void FapilogLokiOptions_Defaults_AreTheDocumentedOnes()
    {
        var options = new FapilogLokiOptions();

        Assert.Equal(("loki", "level", 50, 256), (options.Name, options.LevelLabel, options.MaxLabelValuesPerLabel, options.MaxLabelValueLength));
        Assert.Equal((FapilogFormat.Envelope, false, TimeSpan.FromSeconds(30)), (options.LineFormat, options.Gzip, options.RequestTimeout));
        Assert.Null(options.Tenant);
        Assert.Empty(options.Labels);
        Assert.Empty(options.PropertiesAsLabels);
        Assert.Equal("__overflow__", FapilogLokiOptions.OverflowValue);
    }
}
