using System;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Otlp;

/// <summary>What the OTLP output tells SelfLog: a partial success, and a malformed OTEL_RESOURCE_ATTRIBUTES.</summary>
[Collection(SelfLogCollection.Name)]
public sealed class OtlpReportingTests : IAsyncLifetime
{
    private OtlpReceiver _collector = null!;

    public async Task InitializeAsync() => _collector = await OtlpReceiver.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Theory]
    [InlineData(FapilogOtlpProtocol.HttpProtobuf)]
    [InlineData(FapilogOtlpProtocol.HttpJson)]
    public void APartialSuccess_CountsTheBatchAsDelivered_AndReportsTheRejectedCountOnce(FapilogOtlpProtocol protocol)
    {
        using var selfLog = new SelfLogCapture();
        _collector.PartialSuccessNext(3, "three records had an empty body");
        var options = OtlpOutputTests.FastOptions(_collector.BaseUrl);
        options.Protocol = protocol;
        options.Name = "otlp-partial-" + protocol;
        var output = OtlpOutputTests.Create(options);

        output.EmitBatch(Batches.Numbered(1, 10));
        output.EmitBatch(Batches.Numbered(11, 10));
        output.Dispose();

        var stats = output.Snapshot();
        Assert.Equal(20, stats.Delivered);
        Assert.Equal(0, stats.Failed + stats.Retried);
        Assert.True(stats.IsConsistent);
        var line = Assert.Single(selfLog.Lines, l => l.Contains($"Fapilog output '{options.Name}':", StringComparison.Ordinal));
        Assert.Contains("the collector took a request of 10 records but rejected 3 of them (counted as delivered): three records had an empty body", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedOtelResourceAttributes_IsIgnored_AndSaidSo()
    {
        using var selfLog = new SelfLogCapture();
        var options = OtlpOutputTests.FastOptions(_collector.BaseUrl);
        options.Name = "otlp-bad-env";
        options.ReadEnvironment = true;
        options.GetEnvironmentVariable = name => name == "OTEL_RESOURCE_ATTRIBUTES" ? "team" : null;
        var output = OtlpOutputTests.Create(options);

        output.EmitBatch(Batches.Numbered(1, 1));
        output.Dispose();

        Assert.Contains(selfLog.Lines, l => l.Contains("Fapilog output 'otlp-bad-env': OTEL_RESOURCE_ATTRIBUTES is not a list", StringComparison.Ordinal));
        Assert.Equal("otlp-tests", Assert.Single(_collector.Records).Resource["service.name"]);
    }
}
