using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Redaction;

public class RedactionStageTests
{
    private readonly PipelineCounters _counters = new();

    private RedactionStage? _stage;

    private FapilogEvent Run(LogEvent logEvent, FapilogRedactionOptions? options = null)
    {
        var stage = options is null ? _stage ??= new RedactionStage(new FapilogRedactionOptions(), _counters) : new RedactionStage(options, _counters);
        var e = new FapilogEvent(logEvent, 7, FapilogLevel.Information, Formatted.MessageId);
        Assert.True(stage.Process(ref e));
        Assert.Equal(7, e.Sequence);
        Assert.Equal(Formatted.MessageId, e.MessageId);
        return e;
    }

    private static LogEventPropertyValue Structure(params (string Name, LogEventPropertyValue Value)[] fields) =>
        new StructureValue(fields.Select(f => new LogEventProperty(f.Name, f.Value)));

    private static ScalarValue S(object? value) => new(value);

    [Fact]
    public void ACleanEvent_PassesAsItIs_WithNoCopy()
    {
        var original = Some.Event(template: "Order {OrderNo} for {User}", properties: new[] { ("OrderNo", (object?)42), ("User", "alice") });

        var e = Run(original);

        Assert.Same(original, e.LogEvent);
        Assert.Equal(0, _counters.Redacted);
    }

    [Fact]
    public void ASecretProperty_IsMasked_InANewEvent_AndTheSharedOneIsUnchanged()
    {
        var original = new LogEvent(
            Some.Timestamp, LogEventLevel.Warning, null, new MessageTemplateParser().Parse("Login {User} with {Password}"),
            Some.Props(("User", "bob"), ("Password", "hunter2")), ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());

        var e = Run(original);

        Assert.NotSame(original, e.LogEvent);
        Assert.Equal("hunter2", ((ScalarValue)original.Properties["Password"]).Value);
        Assert.Equal("***", ((ScalarValue)e.LogEvent.Properties["Password"]).Value);
        Assert.Equal("bob", ((ScalarValue)e.LogEvent.Properties["User"]).Value);
        Assert.Equal("Login \"bob\" with \"***\"", e.LogEvent.RenderMessage());
        Assert.Equal(original.Timestamp, e.LogEvent.Timestamp);
        Assert.Equal(original.Level, e.LogEvent.Level);
        Assert.Equal(original.TraceId, e.LogEvent.TraceId);
        Assert.Equal(original.SpanId, e.LogEvent.SpanId);
        Assert.Equal(1, _counters.Redacted);
    }

    [Fact]
    public void NestedValues_SequencesAndDictionaries_AreRedactedAtAnyDepth_KeysIncluded()
    {
        var value = Structure(
            ("Name", S("alice")),
            ("Profile", Structure(("ApiKey", S("k-123")), ("Links", new SequenceValue(new[] { S("https://u:pw@host/a"), S("plain") })))),
            ("Headers", new DictionaryValue(new[]
            {
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(S("Authorization"), S("Basic dXNlcjpwYXNz")),
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(S("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), S("v1")),
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(S("ghp_0123456789abcdefghijklmnopqrstuvwxyz"), S("v2")),
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(S("Accept"), S("text/plain")),
            })));
        var original = Some.Event(template: "{Request}", properties: ("Request", value));

        string text = Run(original).LogEvent.Properties["Request"].ToString();

        Assert.Equal(
            "{ Name: \"alice\", Profile: { ApiKey: \"***\", Links: [\"https://***@host/a\", \"plain\"] }, Headers: [(\"Authorization\": \"***\"), (\"***#1\": \"v1\"), (\"***#2\": \"v2\"), (\"Accept\": \"text/plain\")] }",
            text);
        Assert.Equal(5, _counters.Redacted);
        Assert.Contains("ghp_abcdefghijklmnopqrstuvwxyz0123456789", original.Properties["Request"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Paths_WithWildcards_MaskWhatTheyReach_CaseInsensitively()
    {
        var options = new FapilogRedactionOptions { Presets = Array.Empty<RedactionPreset>(), Paths = new[] { "user.*.pin", "*.code" } };
        var user = Structure(("Card", Structure(("Pin", S("1234")), ("Code", S("x")))), ("Code", S("77")));
        var original = Some.Event(template: "{User} {Code}", properties: new[] { ("User", (object?)user), ("Code", "top") });

        var e = Run(original, options);

        Assert.Equal("{ Card: { Pin: \"***\", Code: \"x\" }, Code: \"***\" }", e.LogEvent.Properties["User"].ToString());
        Assert.Equal("\"top\"", e.LogEvent.Properties["Code"].ToString());
    }

    [Fact]
    public void TheTemplatesText_GetsTheValuePatterns_HolesKeepTheirNames()
    {
        var original = Some.Event(template: "Calling {Service} with Bearer abcdefghijklmnop1234 {{literal}} as {User,-5:l}", properties: new[] { ("Service", (object?)"billing"), ("User", "bob") });

        var e = Run(original);

        Assert.Equal("Calling {Service} with Bearer *** {{literal}} as {User,-5:l}", e.LogEvent.MessageTemplate.Text);
        Assert.Equal("Calling \"billing\" with Bearer *** {literal} as bob  ", e.LogEvent.RenderMessage());
        Assert.Equal(new[] { "Service", "User" }, e.LogEvent.MessageTemplate.Tokens.OfType<PropertyToken>().Select(t => t.PropertyName));
        Assert.Same(e.LogEvent.MessageTemplate, Run(original).LogEvent.MessageTemplate); // scanned once, then cached
    }

    [Fact]
    public void Exceptions_AreLeftAlone_UnlessOptedIn()
    {
        var error = Thrown(new InvalidOperationException("login failed password=Exc3ptionPw9", new ArgumentException("xoxb-123456789012-abcdefghijkl")));
        var original = Some.Event(exception: error);

        Assert.Same(original, Run(original).LogEvent);

        var e = Run(original, new FapilogRedactionOptions { RedactExceptions = true });

        var redacted = Assert.IsType<RedactedException>(e.LogEvent.Exception);
        Assert.Same(error, redacted.Original);
        Assert.Equal("login failed password=***", redacted.Message);
        Assert.DoesNotContain("Exc3ptionPw9", redacted.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghijkl", redacted.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(Thrown), redacted.StackTrace, StringComparison.Ordinal);
        Assert.Equal("***", redacted.InnerException!.Message);

        var envelope = Formatted.Envelope(e.LogEvent).GetProperty("diagnostics").GetProperty("exception");
        Assert.Equal(typeof(InvalidOperationException).FullName, envelope.GetProperty("error.type").GetString());
        Assert.Equal(typeof(ArgumentException).FullName, envelope.GetProperty("error.cause").GetString());
        Assert.NotEqual(0, envelope.GetProperty("error.frames").GetArrayLength());
        Assert.DoesNotContain("Exc3ptionPw9", envelope.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void AValueThatCannotBeChecked_IsMasked_AndCounted_ByDefault()
    {
        var original = Some.Event(template: "{Odd} {Fine}", properties: new[] { ("Odd", (object?)new ThrowingToString()), ("Fine", "ok") });

        var e = Run(original);

        Assert.Equal("***", ((ScalarValue)e.LogEvent.Properties["Odd"]).Value);
        Assert.Equal("ok", ((ScalarValue)e.LogEvent.Properties["Fine"]).Value);
        Assert.Equal(1, _counters.RedactionFailures);
    }

    [Fact]
    public void AValueThatCannotBeChecked_FailsTheEvent_WithDropEvent()
    {
        var stage = new RedactionStage(new FapilogRedactionOptions { OnFailure = RedactionFailureMode.DropEvent }, _counters);
        var e = new FapilogEvent(Some.Event(template: "{Odd}", properties: ("Odd", new ThrowingToString())), 1, FapilogLevel.Information, Guid.NewGuid());

        var error = Assert.Throws<RedactionFailedException>(() => stage.Process(ref e));

        Assert.Contains("'Odd'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _counters.RedactionFailures);
    }

    [Fact]
    public void ValuesDeeperThanTheLimit_AreMasked_NotPassed()
    {
        LogEventPropertyValue value = S("deep secret-free text");
        for (int i = 0; i < 40; i++)
        {
            value = new SequenceValue(new[] { value });
        }

        var e = Run(Some.Event(template: "{Deep}", properties: ("Deep", value)));

        string text = e.LogEvent.Properties["Deep"].ToString();
        Assert.DoesNotContain("deep secret-free text", text, StringComparison.Ordinal);
        Assert.Equal(32, text.Count(c => c == '['));
        Assert.Contains("[\"***\"]", text, StringComparison.Ordinal);

        var shallow = Run(Some.Event(template: "{Deep}", properties: ("Deep", value)), new FapilogRedactionOptions { MaxDepth = 2 });
        Assert.Equal("[[\"***\"]]", shallow.LogEvent.Properties["Deep"].ToString());
    }

    [Fact]
    public void CardNumbers_LoggedAsIntegers_AreMasked_WithPciDss()
    {
        var options = new FapilogRedactionOptions { Presets = new[] { RedactionPreset.PciDss } };

        var e = Run(Some.Event(template: "{Card} {Order}", properties: new[] { ("Card", (object?)4111111111111111L), ("Order", 4111111111111112L) }), options);

        Assert.Equal("***", ((ScalarValue)e.LogEvent.Properties["Card"]).Value);
        Assert.Equal(4111111111111112L, ((ScalarValue)e.LogEvent.Properties["Order"]).Value);
    }

    [Fact]
    public void UrisAndOtherScalars_AreCheckedAsTheTextTheyWrite()
    {
        var e = Run(Some.Event(template: "{Endpoint}", properties: ("Endpoint", new Uri("https://admin:Ur1Passw0rdQ@host/"))));

        Assert.Equal("https://***@host/", ((ScalarValue)e.LogEvent.Properties["Endpoint"]).Value);
    }

    [Fact]
    public void Disabled_AddsNoStage()
    {
        var stages = Array.Empty<IEventStage>();

        Assert.Same(stages, RedactionStage.Append(stages, FapilogRedactionOptions.Disabled, _counters));
        Assert.Single(RedactionStage.Append(stages, new FapilogRedactionOptions(), _counters));
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }

    private sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("no text");
    }
}
