using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Fapilog.Serilog.Enrichers.Tests.Support;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers.Tests.Activity;

public class ActivityEnricherTests
{
    [Fact]
    public void WithoutAnActivity_NothingIsAdded()
    {
        using var _ = Suppress();

        Assert.Empty(Some.EnrichedBy(new ActivityEnricher(includeBaggage: true)).Properties);
    }

    [Fact]
    public void AChildActivity_AddsItsParentSpanIdInLowerHex()
    {
        using var _ = Suppress();
        using var parent = new System.Diagnostics.Activity("parent").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var child = new System.Diagnostics.Activity("child").SetIdFormat(ActivityIdFormat.W3C).Start();

        var e = Some.EnrichedBy(new ActivityEnricher(includeBaggage: false));

        string expected = parent.SpanId.ToHexString();
        Assert.Equal(expected, Some.Scalar(e, FapilogProperties.ParentSpanId));
        Assert.Equal(expected.ToLowerInvariant(), expected);
    }

    [Fact]
    public void ARemoteParentFromTraceparent_IsAddedToo()
    {
        using var _ = Suppress();
        using var activity = new System.Diagnostics.Activity("incoming")
            .SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .Start();

        var e = Some.EnrichedBy(new ActivityEnricher(includeBaggage: false));

        Assert.Equal("b7ad6b7169203331", Some.Scalar(e, FapilogProperties.ParentSpanId));
    }

    [Fact]
    public void ARootActivity_HasNoParentSpanId()
    {
        using var _ = Suppress();
        using var root = new System.Diagnostics.Activity("root").SetIdFormat(ActivityIdFormat.W3C).Start();

        Assert.False(Some.EnrichedBy(new ActivityEnricher(includeBaggage: true)).Properties.ContainsKey(FapilogProperties.ParentSpanId));
    }

    [Fact]
    public void Baggage_IsAddedAsOneDictionary_TheInnermostValueWinning()
    {
        using var _ = Suppress();
        using var parent = new System.Diagnostics.Activity("parent").AddBaggage("tenant", "acme").AddBaggage("region", "eu").Start();
        using var child = new System.Diagnostics.Activity("child").AddBaggage("region", "us").Start();

        var e = Some.EnrichedBy(new ActivityEnricher(includeBaggage: true));

        var baggage = ((DictionaryValue)e.Properties[ActivityEnricher.BaggagePropertyName]).Elements
            .ToDictionary(p => (string)p.Key.Value!, p => ((ScalarValue)p.Value).Value);
        Assert.Equal(new Dictionary<string, object?> { ["tenant"] = "acme", ["region"] = "us" }, baggage);
    }

    [Fact]
    public void Baggage_CanBeLeftOut()
    {
        using var _ = Suppress();
        using var activity = new System.Diagnostics.Activity("a").AddBaggage("tenant", "acme").Start();

        Assert.False(Some.EnrichedBy(new ActivityEnricher(includeBaggage: false)).Properties.ContainsKey(ActivityEnricher.BaggagePropertyName));
    }

    /// <summary>Clears <see cref="System.Diagnostics.Activity.Current"/> for this flow, whatever the runner set.</summary>
    private static Restore Suppress()
    {
        var previous = System.Diagnostics.Activity.Current;
        System.Diagnostics.Activity.Current = null;
        return new Restore(previous);
    }

    private readonly struct Restore(System.Diagnostics.Activity? previous) : System.IDisposable
    {
        public void Dispose() => System.Diagnostics.Activity.Current = previous;
    }
}
