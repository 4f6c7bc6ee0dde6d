using System;
using System.Linq;
using System.Text.RegularExpressions;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Redaction;

/// <summary>
/// The stage's clean path (per-template plans, per-name verdicts, the one-pass value check): it may only ever say
/// "nothing to redact" when the full walk would say so too, whatever its caches hold.
/// </summary>
public class RedactionCleanPathTests
{
    private static readonly MessageTemplateParser Parser = new();
    private readonly PipelineCounters _counters = new();

    /// <summary>An event of <paramref name="template"/> whose holes' properties use the tokens' own name strings, as Serilog's binder does.</summary>
    internal static LogEvent Bound(MessageTemplate template, object?[] values, params (string Name, object? Value)[] extra)
    {
        var holes = template.Tokens.OfType<PropertyToken>().Select(t => t.PropertyName).Distinct().ToArray();
        var properties = holes.Select((name, i) => new LogEventProperty(name, Value(values[i])))
            .Concat(extra.Select(p => new LogEventProperty(p.Name, Value(p.Value))));
        return new LogEvent(Some.Timestamp, LogEventLevel.Information, null, template, properties);
    }

    private static LogEventPropertyValue Value(object? value) => value as LogEventPropertyValue ?? new ScalarValue(value);

    private static LogEvent Process(RedactionStage stage, LogEvent logEvent)
    {
        var e = new FapilogEvent(logEvent, 3, FapilogLevel.Information, Formatted.MessageId);
        Assert.True(stage.Process(ref e));
        return e.LogEvent;
    }

    private static object? Value(LogEvent logEvent, string name) => ((ScalarValue)logEvent.Properties[name]).Value;

    [Fact]
    public void ATemplateWithASecretHoleName_IsMaskedInEveryEvent()
    {
        var stage = new RedactionStage(new FapilogRedactionOptions(), _counters);
        var template = Parser.Parse("Login {User} with {Password}");

        for (int i = 0; i < 3; i++)
        {
            var original = Bound(template, new object?[] { "bob", "hunter" + i });
            var e = Process(stage, original);

            Assert.NotSame(original, e);
            Assert.Equal("***", Value(e, "Password"));
            Assert.Equal("bob", Value(e, "User"));
        }

        Assert.Equal(3, _counters.Redacted);
    }

    [Theory]
    [InlineData("Bearer\tabcdefghijklmnop1234", "Bearer\t***")]
    [InlineData("Basic\r\nZm9vOmJhcjEyMw==", "Basic\r\n***")]
    [InlineData("Bearer\u00a0abcdefghijklmnop1234", "Bearer\u00a0***")]
    public void ACredentialAfterWhiteSpaceOtherThanASpace_IsMasked(string header, string expected)
    {
        var stage = new RedactionStage(new FapilogRedactionOptions(), _counters);
        var original = Bound(Parser.Parse("Calling {Service} with {Header}"), new object?[] { "orders", header });

        var e = Process(stage, original);

        Assert.Equal(expected, Value(e, "Header"));
        Assert.Equal(1, _counters.Redacted);
    }

    [Fact]
    public void TheSameTemplate_WithValuesOfOtherTypes_IsDecidedEventByEvent()
    {
        var stage = new RedactionStage(new FapilogRedactionOptions { Presets = new[] { RedactionPreset.Credentials, RedactionPreset.PciDss } }, _counters);
        var template = Parser.Parse("Order {Id}");
        object?[] clean = { 42, 42L, 12.5, 4111111111111112L, "cust-3", null, DayOfWeek.Friday, Guid.Empty, 4111111111111112.0 };
        object?[] secret = { "Bearer abcdefghijklmnop1234", new Uri("https://u:Pw0rdZ9@host/"), 4111111111111111L, 4111111111111111.0, 4111111111111111m, "4111 1111 1111 1111" };

        foreach (var value in clean.Concat(secret).Concat(clean))
        {
            var original = Bound(template, new[] { value });
            var e = Process(stage, original);

            if (secret.Contains(value))
            {
                Assert.NotSame(original, e);
                Assert.DoesNotContain("1111 1111", e.Properties["Id"].ToString(), StringComparison.Ordinal);
                Assert.DoesNotContain("Pw0rdZ9", e.Properties["Id"].ToString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.Same(original, e);
            }
        }

        Assert.Equal(secret.Length, _counters.Redacted);
    }

    [Fact]
    public void APropertyNotInTheTemplate_IsCheckedByItsName_AtAnyPosition()
    {
        var stage = new RedactionStage(new FapilogRedactionOptions(), _counters);
        var template = Parser.Parse("Order {Id}");

        var clean = Bound(template, new object?[] { 1 }, ("Machine", "web-1"));
        var first = Bound(template, new object?[] { 1 }, ("ApiKey", "k-1"));
        var after = Bound(template, new object?[] { 1 }, ("Machine", "web-1"), ("ApiKey", "k-2"));
        var named = Bound(template, new object?[] { 1 }, ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", 5));

        Assert.Same(clean, Process(stage, clean));
        Assert.Equal("***", Value(Process(stage, first), "ApiKey"));
        Assert.Same(clean, Process(stage, clean)); // the position 1 learnt "Machine" as clean again
        Assert.Equal("***", Value(Process(stage, after), "ApiKey"));
        Assert.Equal(new[] { "Id", "***#1" }, Process(stage, named).Properties.Keys.ToArray());
        Assert.Equal(3, _counters.Redacted);
    }

    [Fact]
    public void TheCachesAreBounded_AndStillDecideRightWhenFull()
    {
        var stage = new RedactionStage(new FapilogRedactionOptions(), _counters);
        var template = Parser.Parse("Order {Id}");
        for (int i = 0; i < RedactionStage.PlanLimit + 10; i++)
        {
            var many = Parser.Parse($"Order {i} {{Id}}");
            var clean = Bound(many, new object?[] { i }, ("Extra" + i, "v"));
            Assert.Same(clean, Process(stage, clean));
        }

        for (int i = 0; i < RedactionStage.NameLimit + 10; i++)
        {
            var clean = Bound(template, new object?[] { i }, ("Name" + i, i));
            Assert.Same(clean, Process(stage, clean));
            Assert.InRange(stage.CacheSizes.Plans, 1, RedactionStage.PlanLimit);
            Assert.InRange(stage.CacheSizes.Names, 1, RedactionStage.NameLimit);
        }

        var secret = Bound(template, new object?[] { 1 }, ("Password", "hunter2"));
        Assert.Equal("***", Value(Process(stage, secret), "Password"));
        var secretHole = Bound(Parser.Parse("Order 0 {Id}"), new object?[] { "Bearer abcdefghijklmnop1234" });
        Assert.Equal("Bearer ***", Value(Process(stage, secretHole), "Id"));
        Assert.Equal(2, _counters.Redacted);
    }

    [Fact]
    public void EachStageDecidesByItsOwnRules_OnTheSameTemplateAndNames()
    {
        var template = Parser.Parse("Order {Id} for {Customer}");
        var original = Bound(template, new object?[] { 1, "cust-3" });
        var loose = new RedactionStage(new FapilogRedactionOptions(), _counters);
        var byField = new RedactionStage(new FapilogRedactionOptions { Fields = new[] { "customer" } }, _counters);
        var byPath = new RedactionStage(new FapilogRedactionOptions { Paths = new[] { "CUSTOMER" } }, _counters);

        Assert.Same(original, Process(loose, original));
        Assert.Equal("***", Value(Process(byField, original), "Customer"));
        Assert.Equal("***", Value(Process(byPath, original), "Customer"));
        Assert.Same(original, Process(loose, original));
    }

    [Theory]
    [InlineData(RedactionFailureMode.MaskValue)]
    [InlineData(RedactionFailureMode.DropEvent)]
    public void ANameWhoseCheckThrows_IsAFailureInEveryEvent_AndCountsAsTheFullWalkCounts(RedactionFailureMode mode)
    {
        var options = new FapilogRedactionOptions { OnFailure = mode };
        var fast = new RedactionStage(new RedactionRules(options, new[] { Throwing() }), _counters);
        var fullCounters = new PipelineCounters();
        var full = new RedactionStage(new RedactionRules(options, new[] { Throwing() }), fullCounters) { UsesCleanPath = false };
        var inTemplate = Parser.Parse("Checking {Boom}");
        var other = Parser.Parse("Order {Id}");
        var events = new[] { Bound(other, new object?[] { 1 }, ("Boom", 2)), Bound(inTemplate, new object?[] { 3 }), Bound(other, new object?[] { 1 }, ("Boom", 2)) };

        foreach (var original in events)
        {
            foreach (var (stage, counters) in new[] { (fast, _counters), (full, fullCounters) })
            {
                var e = new FapilogEvent(original, 3, FapilogLevel.Information, Formatted.MessageId);
                if (mode == RedactionFailureMode.DropEvent)
                {
                    Assert.Throws<RedactionFailedException>(() => stage.Process(ref e));
                }
                else
                {
                    Assert.True(stage.Process(ref e));
                    Assert.Equal("***", Value(e.LogEvent, "Boom"));
                }
            }

            Assert.Equal(fullCounters.RedactionFailures, _counters.RedactionFailures);
            Assert.Equal(fullCounters.Redacted, _counters.Redacted);
        }

        Assert.True(_counters.RedactionFailures >= events.Length);
        Assert.Equal(mode == RedactionFailureMode.MaskValue, _counters.Redacted >= events.Length);
    }

    /// <summary>A value pattern whose check throws on any text with "Boom" in it (as a pattern that times out does).</summary>
    internal static ValueDetector Throwing() => new(
        "boom",
        t => t.Contains("Boom", StringComparison.Ordinal) ? throw new InvalidOperationException("cannot check") : false,
        new Regex("(?!)"),
        needs: new[] { TextShape.Needs("bom") });
}
