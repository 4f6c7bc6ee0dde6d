using System.Collections.Generic;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Redaction;

/// <summary>Positions the first version of redaction let through, found in review.</summary>
public class RedactionReviewTests
{
    private const string Token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

    private readonly PipelineCounters _counters = new();

    private LogEvent Run(LogEvent logEvent, FapilogRedactionOptions? options = null)
    {
        var stage = new RedactionStage(options ?? new FapilogRedactionOptions(), _counters);
        var e = new FapilogEvent(logEvent, 1, FapilogLevel.Information, Formatted.MessageId);
        Assert.True(stage.Process(ref e));
        return e.LogEvent;
    }

    private static string Everything(LogEvent e) =>
        e.MessageTemplate.Text + "\n" + e.RenderMessage() + "\n"
        + string.Join("\n", e.Properties.Select(p => p.Key + "=" + p.Value));

    [Fact]
    public void AStructureFieldName_HoldingASecret_IsMasked_AndItsValueKept()
    {
        // A destructuring policy that turns a JSON object's keys into field names.
        var value = new StructureValue(new[] { new LogEventProperty(Token, new ScalarValue("v1")), new LogEventProperty("Plain", new ScalarValue(2)) });
        var original = Some.Event(template: "{Body}", properties: ("Body", value));

        var redacted = Run(original);

        Assert.DoesNotContain(Token, Everything(redacted), System.StringComparison.Ordinal);
        Assert.Contains("v1", Everything(redacted), System.StringComparison.Ordinal);
        Assert.Contains(Token, Everything(original), System.StringComparison.Ordinal);
        Assert.Equal(1, _counters.Redacted);
    }

    [Fact]
    public void AnEventPropertyName_AndATemplateHole_HoldingASecret_AreMasked()
    {
        var template = new MessageTemplateParser().Parse("Seen {" + Token + "} and {ghp_0123456789abcdefghijklmnopqrstuvwxyz}");
        var original = new LogEvent(Some.Timestamp, LogEventLevel.Information, null, template, new[] { new LogEventProperty(Token, new ScalarValue(1)) });

        var redacted = Run(original);

        Assert.DoesNotContain(Token, Everything(redacted), System.StringComparison.Ordinal);
        Assert.Contains("ghp_", Everything(original), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4111111111111111d, true)]
    [InlineData(4111111111111112d, false)] // fails Luhn: an order number stays
    [InlineData(1234.5d, false)]
    public void ACardNumberLoggedAsADouble_IsMasked_WithPciDss(double value, bool masked)
    {
        var options = new FapilogRedactionOptions { Presets = new[] { RedactionPreset.PciDss } };
        var redacted = Run(Some.Event(template: "{Total}", properties: ("Total", (object?)value)), options);

        Assert.Equal(masked, Equals("***", ((ScalarValue)redacted.Properties["Total"]).Value));
    }

    [Fact]
    public void ABytePropertyHoldingASecretsText_IsMasked_CleanBytesAreKept()
    {
        var original = Some.Event(template: "{Raw} {Clean}", properties: new[]
        {
            ("Raw", (object?)Encoding.UTF8.GetBytes("Authorization: Bearer abcdefghijklmnop")),
            ("Clean", new byte[] { 1, 2, 3 }),
        });

        var redacted = Run(original);

        Assert.Equal("***", ((ScalarValue)redacted.Properties["Raw"]).Value);
        Assert.IsType<byte[]>(((ScalarValue)redacted.Properties["Clean"]).Value);
    }

    [Fact]
    public void Disabled_IsANewInstanceEachTime_SoNoUserCanSwitchItBackOnForEveryone()
    {
        FapilogRedactionOptions.Disabled.Enabled = true;

        Assert.False(FapilogRedactionOptions.Disabled.Enabled);
        Assert.NotSame(FapilogRedactionOptions.Disabled, FapilogRedactionOptions.Disabled);
    }

    [Fact]
    public void OptionsChangedAfterTheBuild_DoNotChangeARunningPipeline()
    {
        var sink = new CollectingSink();
        var options = new FapilogPipelineOptions();
        var logger = Pipelines.Create(options, out _, sink);
        options.Redaction.Enabled = false;
        options.Redaction.Mask = "[changed]";
        options.Redaction = FapilogRedactionOptions.Disabled;
        logger.Information("Login with {Password}", "hunter2");
        logger.Dispose();

        Assert.Equal("***", ((ScalarValue)sink.Events.Single().Properties["Password"]).Value);
    }

    [Theory]
    [InlineData("monkey")]
    [InlineData("keyboard")]
    [InlineData("author")]
    [InlineData("tokenizer")]
    [InlineData("secretary")]
    public void InnocentNames_KeepTheirValues_AsFieldsAndAsDictionaryKeys(string name)
    {
        var structure = new StructureValue(new[] { new LogEventProperty(name, new ScalarValue("kept")) });
        var dictionary = new DictionaryValue(new[] { new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(name), new ScalarValue("kept")) });
        var original = Some.Event(template: "{S} {D}", properties: new[] { ("S", (object?)structure), ("D", dictionary), (name, "kept") });

        Assert.Same(original, Run(original));
        Assert.Equal(0, _counters.Redacted);
    }

    [Theory]
    [InlineData(RedactionFailureMode.DropEvent)]
    [InlineData(RedactionFailureMode.MaskValue)]
    public void AnExceptionThatCannotBeChecked_IsCountedAsAFailure_InBothModes(RedactionFailureMode mode)
    {
        var options = new FapilogRedactionOptions { RedactExceptions = true, OnFailure = mode };
        var stage = new RedactionStage(options, _counters);
        var e = new FapilogEvent(Some.Event(template: "Failed", exception: new UnreadableException()), 1, FapilogLevel.Error, Formatted.MessageId);

        if (mode == RedactionFailureMode.DropEvent)
        {
            Assert.Throws<RedactionFailedException>(() => stage.Process(ref e));
        }
        else
        {
            Assert.True(stage.Process(ref e));
            Assert.DoesNotContain("Bearer", e.LogEvent.Exception!.ToString(), System.StringComparison.Ordinal);
        }

        Assert.Equal(1, _counters.RedactionFailures);
    }

    private sealed class UnreadableException : System.Exception
    {
        public UnreadableException()
            : base("Authorization: Bearer abcdefghijklmnop")
        {
        }

        public override string ToString() => throw new System.InvalidOperationException("no text");
    }

    [Fact]
    public void AUserTypeThatWritesASecretOnlyWithTheHolesFormat_IsMasked()
    {
        var original = Some.Event(template: "Card {Card:full} {Other}", properties: new[] { ("Card", (object?)new Formats()), ("Other", new Formats()) });

        var redacted = Run(original);

        Assert.DoesNotContain("Bearer", redacted.RenderMessage(), System.StringComparison.Ordinal);
        Assert.Contains("Bearer", original.RenderMessage(), System.StringComparison.Ordinal);
        Assert.Same(((ScalarValue)original.Properties["Other"]).Value, ((ScalarValue)redacted.Properties["Other"]).Value);
    }

    private sealed class Formats : System.IFormattable
    {
        public string ToString(string? format, System.IFormatProvider? formatProvider) =>
            format == "full" ? "Bearer abcdefghijklmnop" : "card";
    }
}
