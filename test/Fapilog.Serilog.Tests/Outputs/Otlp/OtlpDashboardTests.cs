using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;
using Serilog;

namespace Fapilog.Serilog.Tests.Outputs.Otlp;

/// <summary>
/// The OTLP output against a real OTLP receiver, the Aspire dashboard, started for this class on free loopback ports:
/// what the dashboard stores and answers through its API is what a collector would have read. Each test logs as a
/// service of its own and reads back only that service's records.
/// </summary>
/// <remarks>
/// The dashboard answers with every attribute value as a string, so typed values are checked against the parsing
/// loopback receiver (<see cref="OtlpOutputTests"/>, <see cref="OtlpFormatterTests"/>). It does not accept gzip bodies
/// (it reads them as protobuf and answers 500), so compression is tested against the loopback receiver too.
/// </remarks>
public sealed class OtlpDashboardTests : IClassFixture<AspireDashboardFixture>
{
    private readonly AspireDashboard _dashboard;

    public OtlpDashboardTests(AspireDashboardFixture fixture) => _dashboard = fixture.Dashboard;

    private async Task<List<OtlpRecord>> RecordsOfAsync(string service, int count)
    {
        var mine = await _dashboard.WaitForLogsAsync(r => Equals(r.Resource.GetValueOrDefault("service.name"), service), count);
        Assert.True(mine.Count == count, $"the dashboard holds {mine.Count} records of {service}, not {count}:\n{_dashboard.Output}");
        return mine.OrderBy(r => int.Parse((string)r["N"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    [Theory]
    [InlineData(FapilogOtlpProtocol.HttpProtobuf)]
    [InlineData(FapilogOtlpProtocol.HttpJson)]
    public async Task EveryEvent_ArrivesWithItsAttributesTraceIdsSeverityAndException_UnderTheServicesResource(FapilogOtlpProtocol protocol)
    {
        string service = "shop-" + protocol;
        var options = new FapilogOtlpOptions { Url = _dashboard.OtlpHttpUrl, Protocol = protocol, ReadEnvironment = false };
        options.ResourceAttributes["service.name"] = service;
        options.ResourceAttributes["service.version"] = "1.2.3";
        options.Delivery.CloseTimeout = TimeSpan.FromSeconds(20);

        using var activity = new Activity("checkout").SetIdFormat(ActivityIdFormat.W3C).Start();
        using (var logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.FapilogOtlp(options), new FapilogPipelineOptions { Name = "otlp-dashboard-" + protocol, FlushOnProcessExit = false })
            .CreateLogger())
        {
            for (int n = 1; n <= 40; n++)
            {
                logger.Information("Order {N} shipped to {Customer} in {Elapsed} ms", n, "alice", 12.5);
            }

            logger.Warning("Disk {N} is {Percent}% full", 41, 91);
            logger.Error(new InvalidOperationException("the cart is empty"), "Checkout {N} failed", 42);
            logger.Audit("User {User} exported {N}", "alice", 43);
            logger.Security("Login {N} refused for {User}", 44, "mallory");
        }

        var records = await RecordsOfAsync(service, 44);

        Assert.All(records, r =>
        {
            Assert.Equal("1.2.3", r.Resource["service.version"]);
            Assert.Equal(activity.TraceId.ToHexString(), r.TraceId);
            Assert.Equal(activity.SpanId.ToHexString(), r.SpanId);
            Assert.True(r.TimeUnixNano > 0);
        });
        for (int n = 1; n <= 40; n++)
        {
            var r = records[n - 1];
            Assert.Equal(9, r.SeverityNumber);
            Assert.Equal("Information", r.SeverityText);
            Assert.Equal($"Order {n} shipped to alice in 12.5 ms", r.Body);
            Assert.Equal("alice", r["Customer"]);
            Assert.Equal("12.5", r["Elapsed"]);
            Assert.Equal("Order {N} shipped to {Customer} in {Elapsed} ms", r["message_template.text"]);
        }

        Assert.Equal((13, "Warning"), (records[40].SeverityNumber, records[40].SeverityText));
        var error = records[41];
        Assert.Equal((17, "Error"), (error.SeverityNumber, error.SeverityText));
        Assert.Equal("System.InvalidOperationException", error["exception.type"]);
        Assert.Equal("the cart is empty", error["exception.message"]);
        Assert.StartsWith("System.InvalidOperationException: the cart is empty", (string)error["exception.stacktrace"]!, StringComparison.Ordinal);

        // The dashboard names levels itself from the number (severity_text is checked on the loopback receiver): AUDIT
        // and SECURITY are its highest level, Critical, and stay apart by number and by their attribute.
        Assert.Equal((22, "Critical", "AUDIT"), (records[42].SeverityNumber, records[42].SeverityText, records[42]["fapilog.level"]));
        Assert.Equal((23, "Critical", "SECURITY"), (records[43].SeverityNumber, records[43].SeverityText, records[43]["fapilog.level"]));
        Assert.Equal("mallory", records[43]["User"]);
    }

    [Fact]
    public async Task WithoutAServiceName_TheResourceIsTheUnknownServiceOfThisProcess()
    {
        var options = new FapilogOtlpOptions { Url = _dashboard.OtlpHttpUrl + "/v1/logs", ReadEnvironment = false, Name = "otlp-unknown" };
        options.ResourceAttributes["test.case"] = "unknown-service";
        options.Delivery.CloseTimeout = TimeSpan.FromSeconds(20);
        var output = OtlpOutputTests.Create(options);

        output.EmitBatch(Batches.Numbered(1, 3));
        output.Dispose();

        var mine = await _dashboard.WaitForLogsAsync(r => Equals(r.Resource.GetValueOrDefault("test.case"), "unknown-service"), 3);
        Assert.Equal(3, mine.Count);
        Assert.All(mine, r => Assert.StartsWith("unknown_service:", (string)r.Resource["service.name"]!, StringComparison.Ordinal));
        Assert.Equal(3, output.Snapshot().Delivered);
    }
}
