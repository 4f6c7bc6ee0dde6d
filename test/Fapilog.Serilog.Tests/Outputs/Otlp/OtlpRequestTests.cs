using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using Fapilog.Serilog.Delivery;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Outputs.Otlp;
using Fapilog.Serilog.Outputs.Remote;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Otlp;

/// <summary>The request around a batch's records, the resource it names, and what a collector's answer means.</summary>
[Collection(RunsAloneCollection.Name)] // the allocation count
public sealed class OtlpRequestTests
{
    private static DeliveryBatch BatchOf(FapilogOtlpProtocol protocol, int count, int padding = 0)
    {
        IUtf8EventFormatter formatter = protocol == FapilogOtlpProtocol.HttpJson ? new OtlpJsonFormatter(true) : new OtlpProtobufFormatter(true);
        var batch = new DeliveryBatch();
        for (int n = 1; n <= count; n++)
        {
            var buffer = new ArrayBufferWriter<byte>();
            formatter.Format(FapilogEvent.Standalone(Some.Event(template: "Event {N} {Pad}", properties: new (string, object?)[] { ("N", n), ("Pad", new string('p', padding)) })), buffer);
            batch.Add(buffer.WrittenSpan, isProtected: false, fromSpool: false);
        }

        batch.Changed();
        return batch;
    }

    [Theory]
    [InlineData(FapilogOtlpProtocol.HttpProtobuf, 1, 0)]
    [InlineData(FapilogOtlpProtocol.HttpProtobuf, 300, 100)]
    [InlineData(FapilogOtlpProtocol.HttpProtobuf, 3, 20_000)]
    [InlineData(FapilogOtlpProtocol.HttpJson, 1, 0)]
    [InlineData(FapilogOtlpProtocol.HttpJson, 300, 100)]
    public void ABatch_IsOneExportRequest_WithTheResourceAndScope_AndEveryRecordInOrder(FapilogOtlpProtocol protocol, int count, int padding)
    {
        var resource = new List<KeyValuePair<string, string>> { new("service.name", "shop"), new("service.version", "1.2.3") };
        var frame = new OtlpRequestFrame(resource, "Fapilog.Serilog", "9.9.9");
        using var body = new RequestBody(gzip: false);
        var batch = BatchOf(protocol, count, padding);

        if (protocol == FapilogOtlpProtocol.HttpJson)
        {
            frame.BuildJson(batch, body);
        }
        else
        {
            frame.BuildProtobuf(batch, body);
        }

        byte[] bytes = body.Bytes.ToArray();
        var records = protocol == FapilogOtlpProtocol.HttpJson ? OtlpDecoder.Json(bytes) : OtlpDecoder.Protobuf(bytes);
        Assert.Equal(Enumerable.Range(1, count).Select(n => (long)n), records.Select(r => (long)r["N"]!));
        Assert.All(records, r =>
        {
            Assert.Equal("shop", r.Resource["service.name"]);
            Assert.Equal("1.2.3", r.Resource["service.version"]);
            Assert.Equal("Fapilog.Serilog", r.ScopeName);
            Assert.Equal("9.9.9", r.ScopeVersion);
        });
    }

    [Fact]
    public void TheResource_TakesTheOptionsOverOtelServiceNameOverOtelResourceAttributesOverFapilogService_OverTheDefaults()
    {
        var env = new Dictionary<string, string>
        {
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.name=from-list, deployment.environment.name=prod,team=a%20b%2Cc",
            ["OTEL_SERVICE_NAME"] = "from-env",
            ["FAPILOG_SERVICE"] = "from-fapilog",
        };
        var options = new FapilogOtlpOptions { GetEnvironmentVariable = name => env.GetValueOrDefault(name) };
        options.ResourceAttributes["deployment.environment.name"] = "staging";

        var attributes = OtlpResource.Attributes(options, "otlp").ToDictionary(a => a.Key, a => a.Value);

        Assert.Equal("from-env", attributes["service.name"]);
        Assert.Equal("staging", attributes["deployment.environment.name"]);
        Assert.Equal("a b,c", attributes["team"]);
        Assert.Equal("Fapilog.Serilog", attributes["telemetry.sdk.name"]);
        Assert.Equal("dotnet", attributes["telemetry.sdk.language"]);

        options.ResourceAttributes["service.name"] = "from-options";
        Assert.Equal("from-options", OtlpResource.Attributes(options, "otlp").Single(a => a.Key == "service.name").Value);

        options.ResourceAttributes.Remove("service.name");
        env.Remove("OTEL_SERVICE_NAME");
        env.Remove("OTEL_RESOURCE_ATTRIBUTES");
        env["FAPILOG_SERVICE"] = "from-fapilog";
        Assert.Equal("from-fapilog", OtlpResource.Attributes(options, "otlp").Single(a => a.Key == "service.name").Value);

        options.ReadEnvironment = false;
        Assert.StartsWith("unknown_service:", OtlpResource.Attributes(options, "otlp").Single(a => a.Key == "service.name").Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("=b")]
    [InlineData("a=1,,b")]
    public void AMalformedOtelResourceAttributesList_IsDiscardedWhole(string list) => Assert.Null(OtlpResource.ParseList(list));

    [Theory]
    [InlineData("http://127.0.0.1:4318", "http://127.0.0.1:4318/v1/logs")]
    [InlineData("http://127.0.0.1:4318/", "http://127.0.0.1:4318/v1/logs")]
    [InlineData("https://otel.example:443/ingest/otlp", "https://otel.example/ingest/otlp/v1/logs")]
    [InlineData("http://127.0.0.1:4318/v1/logs", "http://127.0.0.1:4318/v1/logs")]
    [InlineData("http://127.0.0.1:4318/custom/v1/logs/", "http://127.0.0.1:4318/custom/v1/logs/")]
    public void TheLogsUrl_AddsV1LogsToABase_AndTakesAFullEndpointAsItIs(string url, string expected) =>
        Assert.Equal(expected, new FapilogOtlpOptions { Url = url }.LogsUrl().ToString());

    private static DeliveryOutcome Classify(int status, string? retryAfter = null, byte[]? body = null, string contentType = "application/x-protobuf")
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(body ?? Array.Empty<byte>()) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return OtlpResponse.Classify(response, CancellationToken.None);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void TheRetryableStatuses_AreTransient_AndCarryTheirRetryAfter(int status)
    {
        var outcome = Classify(status, "3");

        Assert.Equal(DeliveryOutcomeKind.Transient, outcome.Kind);
        Assert.Equal("3", outcome.RetryAfter);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(408)]
    [InlineData(413)]
    [InlineData(500)]
    [InlineData(501)]
    public void EveryOtherError_IsPermanent_AsTheOtlpSpecificationSays(int status) =>
        Assert.Equal(DeliveryOutcomeKind.Permanent, Classify(status).Kind);

    [Fact]
    public void AnErrorsStatusBody_NamesTheCollectorsReason_InProtobufAndJson()
    {
        Assert.Equal("HTTP 400 Bad Request: attribute key is empty", Classify(400, body: OtlpReceiver.StatusBody("attribute key is empty")).Error);
        Assert.Equal("HTTP 400 Bad Request: bad json", Classify(400, body: Encoding.UTF8.GetBytes("{\"code\":3,\"message\":\"bad json\"}"), contentType: "application/json").Error);
        Assert.Equal("HTTP 400 Bad Request", Classify(400, body: new byte[] { 0xFF, 0xFF, 0xFF }).Error);
        Assert.Equal(DeliveryOutcomeKind.Permanent, Classify(307).Kind);
    }

    [Fact]
    public void Formatting_TypicalEventsInSteadyState_AllocatesNothing()
    {
        var events = Enumerable.Range(0, 1000).Select(n => FapilogEvent.Standalone(
            Some.Event(template: "Order {OrderId} for {Customer} weighs {Weight} kg", properties: new (string, object?)[]
                { ("OrderId", n), ("Customer", "alice"), ("Weight", n * 0.5), ("SourceContext", "Shop.Orders"), ("At", Some.Timestamp), ("Id", Guid.NewGuid()) }))).ToArray();
        foreach (IUtf8EventFormatter formatter in new IUtf8EventFormatter[] { new OtlpProtobufFormatter(true), new OtlpJsonFormatter(true) })
        {
            var buffer = new ArrayBufferWriter<byte>(1 << 22);
            long least = long.MaxValue;
            for (int pass = 0; pass < 4; pass++)
            {
                buffer.ResetWrittenCount();
                long before = GC.GetAllocatedBytesForCurrentThread();
                foreach (var e in events)
                {
                    formatter.Format(e, buffer);
                }

                least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            Assert.True(buffer.WrittenCount > 50_000, "the events were formatted");
            Assert.True(least == 0, $"{formatter.GetType().Name} allocated {least} bytes for 1000 events");
        }
    }
}
