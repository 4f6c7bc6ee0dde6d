using System;
using System.Linq;
using System.Threading.Tasks;
using Fapilog.Serilog.Tests.Support;

namespace Fapilog.Serilog.Tests.Outputs.Loki;

/// <summary>The cardinality guard as Loki and SelfLog see it.</summary>
[Collection(SelfLogCollection.Name)]
public sealed class LokiCardinalityReportTests
{
    [Fact]
    public async Task ALabelPastItsLimit_SendsTheOverflowValue_AndIsReportedOnce_NamingTheOutputAndTheLabel()
    {
        await using var loki = await LoopbackLoki.StartAsync();
        using var selfLog = new SelfLogCapture();
        var options = LokiOutputTests.FastOptions(loki.Url);
        options.Name = "loki-cardinality";
        options.PropertiesAsLabels.Add("User");
        options.MaxLabelValuesPerLabel = 2;
        var output = LokiOutputTests.Create(options);

        output.EmitBatch(LokiOutputTests.Events(1, 10, n => [("User", "u" + n)]));
        output.EmitBatch(LokiOutputTests.Events(11, 10, n => [("User", "u" + (n - 10))]));
        output.Dispose();

        Assert.Equal(Enumerable.Range(1, 20), loki.Numbers);
        Assert.Equal(new[] { "__overflow__", "u1", "u2" }, loki.Entries.Select(e => e.Labels["User"]).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(16, loki.Entries.Count(e => e.Labels["User"] == "__overflow__"));
        var line = Assert.Single(selfLog.Lines, l => l.Contains("Fapilog output 'loki-cardinality': label 'User'", StringComparison.Ordinal));
        Assert.Contains("reached MaxLabelValuesPerLabel (2 distinct values); its new values are sent as __overflow__", line, StringComparison.Ordinal);
    }
}
