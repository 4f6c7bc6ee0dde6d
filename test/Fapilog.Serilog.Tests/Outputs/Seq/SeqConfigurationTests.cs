using System;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Seq;

/// <summary><c>WriteTo.FapilogSeq</c> from <c>appsettings.json</c>: every argument binds, and every mistake fails naming the argument.</summary>
public sealed class SeqConfigurationTests : IAsyncLifetime
{
    private LoopbackSeq _seq = null!;

    public async Task InitializeAsync() => _seq = await LoopbackSeq.StartAsync();

    public async Task DisposeAsync() => await _seq.DisposeAsync();

    [Fact]
    public void FromAppSettings_EveryArgumentBinds()
    {
        _seq.DecompressesGzip = true;
        _seq.RequiredApiKey = "json-key";
        // The first request hangs: only the bound requestTimeout (not the default 30 s) lets it be retried within the close.
        _seq.Faults.Enqueue(new ReceiverFault.Hang());
        var outputs = new ConcurrentDictionary<string, bool>();
        using var listener = OutputNames(outputs);
        string json = AppSettings.WriteTo($$"""
            {
              "Name": "Fapilog",
              "Args": {
                "name": "seq-json-pipeline",
                "configure": [
                  {
                    "Name": "FapilogSeq",
                    "Args": {
                      "serverUrl": "{{_seq.Url}}",
                      "apiKey": "json-key",
                      "format": "renderedclef",
                      "compress": "true",
                      "eventBodyLimitBytes": 2048,
                      "headers": { "X-Tenant": "blue" },
                      "requestTimeout": "00:00:00.300",
                      "name": "seq-json",
                      "delivery": { "batchSizeLimit": 5, "batchTimeLimit": "00:01:00", "closeTimeout": "00:00:10", "minRetryDelay": "00:00:00.005" },
                      "restrictedToMinimumLevel": "Warning"
                    }
                  }
                ]
              }
            }
            """);

        using (var logger = AppSettings.Read(json).CreateLogger())
        {
            for (int n = 1; n <= 11; n++)
            {
                logger.Warning("Event {N} {Pad}", n, n == 7 ? new string('x', 3000) : "-");
                logger.Information("Event {N}", -n);
            }

            listener.RecordObservableInstruments();
        }

        Assert.Equal(Enumerable.Range(1, 11).Where(n => n != 7), _seq.Numbers);
        Assert.Equal(3, _seq.Payloads.Count);
        Assert.All(_seq.Payloads, p =>
        {
            Assert.Equal("json-key", p.Headers["X-Seq-ApiKey"]);
            Assert.Equal("blue", p.Headers["X-Tenant"]);
            Assert.Equal("gzip", p.Headers["Content-Encoding"]);
        });
        Assert.All(_seq.Lines, line => Assert.Contains("\"@m\":\"Event ", line, StringComparison.Ordinal));
        Assert.All(_seq.Lines, line => Assert.DoesNotContain("\"@mt\"", line, StringComparison.Ordinal));
        Assert.True(outputs.ContainsKey("seq-json"), "the output is named seq-json in the metrics");
    }

    [Fact]
    public void FromAppSettings_UrlIsTakenForServerUrl_AsTheOtherNetworkOutputsNameIt()
    {
        using (var logger = AppSettings.Read(AppSettings.WriteTo($$"""{ "Name": "FapilogSeq", "Args": { "url": "{{_seq.Url}}" } }""")).CreateLogger())
        {
            logger.Information("Event {N}", 1);

            // The batch timer sends it; waiting here keeps a cold first request out of the close's 1.5 s.
            Assert.True(System.Threading.SpinWait.SpinUntil(() => _seq.Lines.Count == 1, TimeSpan.FromSeconds(30)), "the event arrived");
        }

        Assert.Equal(new[] { 1 }, _seq.Numbers);
    }

    [Theory]
    [InlineData("null", 1)]
    [InlineData("262144", 0)]
    public void FromAppSettings_EventBodyLimitBytesNull_SendsEveryEvent_WhereTheDefaultKeepsAnOversizedOneBack(string limit, int requests)
    {
        string json = AppSettings.WriteTo($$"""
            { "Name": "FapilogSeq", "Args": { "serverUrl": "{{_seq.Url}}", "eventBodyLimitBytes": {{limit}}, "delivery": { "closeTimeout": "00:00:10" } } }
            """);
        using (var logger = AppSettings.Read(json).CreateLogger())
        {
            logger.Warning("Big {Blob}", new string('x', 300_000));
        }

        // Sent, Seq refuses it (over its own event limit); kept back, no request is made at all.
        Assert.Equal(requests, _seq.Requests);
        Assert.Empty(_seq.Payloads);
    }

    [Fact]
    public void FromAppSettings_WithBothServerUrlAndUrl_FailsNamingThem()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo(
            """{ "Name": "FapilogSeq", "Args": { "serverUrl": "http://127.0.0.1:9", "url": "http://127.0.0.1:9" } }"""));

        Assert.StartsWith("Fapilog: WriteTo.FapilogSeq arguments 'serverUrl' and 'url' are both given", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromAppSettings_WithoutAServerUrl_FailsNamingIt()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo("""{ "Name": "FapilogSeq", "Args": { "apiKey": "k" } }"""));

        Assert.Equal("serverUrl", ex.ParamName);
        Assert.StartsWith(
            "Fapilog: WriteTo.FapilogSeq argument 'serverUrl' has no value; valid values are the absolute http or https base address of the Seq server",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("format", "\"Envelope\"", "Clef, RenderedClef (Seq reads CLEF; the fapilog envelope is not its format)")]
    [InlineData("format", "\"Xml\"", "Clef, RenderedClef")]
    [InlineData("compress", "\"yes\"", "true, false")]
    [InlineData("eventBodyLimitBytes", "100", "at least 1024, or null")]
    [InlineData("eventBodyLimitBytes", "\"lots\"", "at least 1024, or null")]
    [InlineData("serverUrl", "\"ftp://127.0.0.1:5341\"", "the absolute http or https base address")]
    [InlineData("serverUrl", "\"http://127.0.0.1:5341/ingest/clef\"", "without query or /ingest/clef")]
    [InlineData("serverUrl", "\"http://127.0.0.1:5341/?apiKey=abc\"", "without query or /ingest/clef")]
    [InlineData("requestTimeout", "\"30\"", "time spans written")]
    [InlineData("delivery.batchBytesLimit", "0", "at least 1")]
    [InlineData("restrictedToMinimumLevel", "\"Loud\"", "Verbose, Debug, Information, Warning, Error, Fatal")]
    public void FromAppSettings_WithAWrongValue_FailsNamingTheArgumentAndTheValidValues(string argument, string value, string valid)
    {
        string url = argument == "serverUrl" ? string.Empty : "\"serverUrl\": \"http://127.0.0.1:9\", ";
        string entry = argument.Split('.') is [var outer, var inner] ? $$"""
            "{{outer}}": { "{{inner}}": {{value}} }
            """ : $"\"{argument}\": {value}";
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo($$"""{ "Name": "FapilogSeq", "Args": { {{url}}{{entry}} } }"""));

        Assert.Equal(argument, ex.ParamName);
        Assert.Contains($"WriteTo.FapilogSeq argument '{argument}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(valid, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromAppSettings_WithAnApiKeyHttpWouldRefuse_FailsWithoutShowingIt()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo(
            """{ "Name": "FapilogSeq", "Args": { "serverUrl": "http://127.0.0.1:9", "apiKey": "s3cret\r\nX-Injected: 1" } }"""));

        Assert.Equal("apiKey", ex.ParamName);
        Assert.Contains("not printable ASCII on one line", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromAppSettings_WithASerilogSinksSeqArgumentWeDoNotTake_FailsListingTheValidOnes()
    {
        var ex = AppSettings.ConfigurationError(AppSettings.WriteTo(
            """{ "Name": "FapilogSeq", "Args": { "serverUrl": "http://127.0.0.1:9", "batchPostingLimit": 50 } }"""));

        Assert.StartsWith("Fapilog: WriteTo.FapilogSeq argument 'batchPostingLimit' is unknown", ex.Message, StringComparison.Ordinal);
        Assert.Contains("valid arguments are serverUrl, url, apiKey, format, compress, eventBodyLimitBytes, headers, requestTimeout, name, delivery, restrictedToMinimumLevel", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Collects the <c>output</c> tag of every <c>fapilog.output.*</c> measurement.</summary>
    private static MeterListener OutputNames(ConcurrentDictionary<string, bool> names)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Fapilog.Serilog" && instrument.Name.StartsWith("fapilog.output.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "output")
                {
                    names[(string)tag.Value!] = true;
                }
            }
        });
        listener.Start();
        return listener;
    }
}
