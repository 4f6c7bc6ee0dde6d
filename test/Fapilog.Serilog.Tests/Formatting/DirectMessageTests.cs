using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;
using Microsoft.FSharp.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>
/// The envelope's message written by its template's plan (<see cref="DirectMessage"/>) against the general path it
/// short-cuts (<see cref="MessageRenderer"/>, then a JSON string): the same bytes whenever the shortcut is taken.
/// </summary>
public class DirectMessageTests
{
    [Fact]
    public void TypicalMessages_TakeTheShortcut_AndWriteTheGeneralPathsBytes()
    {
        var cases = new[]
        {
            Some.Event(template: "Order {OrderId} for {Customer} took {Elapsed} ms", properties: new (string, object?)[] { ("OrderId", 42), ("Customer", "cust-0"), ("Elapsed", 12.5) }),
            Some.Event(template: "{A}{B}{C}{D}{E}", properties: new (string, object?)[] { ("A", long.MinValue), ("B", true), ("C", false), ("D", null), ("E", double.NaN) }),
            Some.Event(template: "no holes at all, {{braces}} kept", properties: Array.Empty<(string, object?)>()),
            Some.Event(template: "{Huge}", properties: new (string, object?)[] { ("Huge", new string('h', 5000)) }),
            Some.Event(template: "", properties: Array.Empty<(string, object?)>()),
        };

        foreach (var e in cases)
        {
            var (taken, direct, general) = Both(e);
            Assert.True(taken, e.MessageTemplate.Text);
            Assert.Equal(general, direct);
        }
    }

    [Theory]
    [InlineData("Quote \"{A}\"", "a")] // text a JSON string must escape
    [InlineData("Tab\t{A}", "a")]
    [InlineData("Caf\u00e9 {A}", "a")] // non-ASCII text: the escaping writer decides
    [InlineData("{A,10}", "a")] // an alignment
    [InlineData("{A}", "needs \"escaping\"")] // a value that needs escaping
    [InlineData("{A}", "caf\u00e9")]
    [InlineData("{Missing}", "a")] // a hole without its property
    public void OtherMessages_LeaveTheLineToTheGeneralPath(string template, string value)
    {
        var e = Some.Event(template: template, properties: new (string, object?)[] { ("A", value) });

        var (taken, _, _) = Both(e);

        Assert.False(taken);
    }

    [Theory]
    [InlineData("in {Elapsed:0.0000} ms", 0.27345)] // the request logging's completion message
    [InlineData("{A:x8}", 255)]
    [InlineData("{A:N2}", 1234567.891)]
    [InlineData("{A:E3}", -0.000123)]
    [InlineData("{A:x8}", "a string ignores its format")]
    [InlineData("{A:G}", true)]
    public void NumbersWithAFormat_TakeTheShortcut_AndWriteTheGeneralPathsBytes(string template, object value)
    {
        var e = Some.Event(template: template, properties: new (string, object?)[] { ("A", value), ("Elapsed", value) });

        var (taken, direct, general) = Both(e);

        Assert.True(taken, template);
        Assert.Equal(general, direct);
    }

    [Fact]
    public void DecimalsAndFloats_TakeTheShortcut_WithAndWithoutAFormat()
    {
        var e = Some.Event(template: "{A} {B:0.0} {C} {D:F1}", properties: new (string, object?)[] { ("A", 59.70m), ("B", -79228162514264337593543950335m), ("C", 1.5f), ("D", float.MaxValue) });

        var (taken, direct, general) = Both(e);

        Assert.True(taken);
        Assert.Equal(general, direct);
        Assert.Equal("\"59.70 -79228162514264337593543950335.0 1.5 " + float.MaxValue.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "\"", direct);
    }

    [Fact]
    public void FormattedNumbersAtTheEdges_TakeTheShortcutOnlyWithTheGeneralPathsBytes()
    {
        var values = new object[] { -1, int.MinValue, long.MinValue, 0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue,
            -0.0m, decimal.MinValue, decimal.MaxValue, 0.0000000000000000000000000001m, float.NaN, -0f, float.MaxValue };
        var formats = new[] { "", ":D61", ":D62", ":D63", ":D64", ":x63", ":x64", ":F60", ":N2", ":E3", ":R", ":G17", ":P", ":0.0000" };
        int taken = 0;
        foreach (string format in formats)
        {
            foreach (object value in values)
            {
                var e = Some.Event(template: "x {A" + format + "} y", properties: new (string, object?)[] { ("A", value) });
                var (shortcut, direct, general) = Both(e);
                if (shortcut)
                {
                    taken++;
                    Assert.Equal(general, direct);
                }
                else
                {
                    Assert.Equal(string.Empty, direct); // the line is left to the general path untouched
                }
            }
        }

        Assert.True(taken > 150, $"the shortcut was taken {taken} times");
    }

    [Theory]
    [InlineData("{A:Q}")] // a format the number refuses: the renderer writes its marker
    [InlineData("{A:D70}")] // more text than the shortcut's room
    [InlineData("{A:0'\u00e9'}")] // text a JSON string must escape, from the format's literal
    [InlineData("{A:0'\\'}")]
    public void NumbersWhoseFormatTheShortcutCannotWrite_LeaveTheLineToTheGeneralPath(string template)
    {
        var e = Some.Event(template: template, properties: new (string, object?)[] { ("A", 42) });

        var (taken, _, general) = Both(e);

        Assert.False(taken);
        Assert.NotEqual("\"\"", general);
    }

    [Fact]
    public void RandomEvents_WhereverTheShortcutIsTaken_WriteTheGeneralPathsBytes()
    {
        int taken = 0;
        var config = Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261202), FSharpOption<int>.None)));

        Check.One(config, Prop.ForAll(RandomEvents.Arbitrary, c =>
        {
            var (direct, bytes, general) = Both(c.Event);
            if (direct)
            {
                taken++;
                Assert.Equal(general, bytes);
            }
        }));

        Assert.True(taken > 100, $"the shortcut was taken for {taken} of 3 000 events");
    }

    [Fact]
    public void TemplatesSharingASlot_TakeTurns_AndEachWritesItsOwnMessage()
    {
        // One slot for all (the hash is the caller's): each turn rebuilds the slot's one plan for the template at hand,
        // from a longer text to a shorter one and back, and through a template that has no plan.
        var scratch = new FormatterScratch();
        var events = new[]
        {
            Some.Event(template: "A much longer text before {A} and after it, then {B} and the end", properties: new (string, object?)[] { ("A", "x"), ("B", 2.5) }),
            Some.Event(template: "Order {OrderId} shipped", properties: ("OrderId", 42)),
            Some.Event(template: "Quote \"{A}\"", properties: ("A", "a")),
            Some.Event(template: "{X}", properties: ("X", true)),
        };

        for (int round = 0; round < 3; round++)
        {
            foreach (var e in events)
            {
                var (taken, direct, general) = Both(e, scratch, hash: 7);
                Assert.Equal(!e.MessageTemplate.Text.Contains('"', StringComparison.Ordinal), taken);
                if (taken)
                {
                    Assert.Equal(general, direct);
                }
            }
        }
    }

    private static (bool Taken, string Direct, string General) Both(LogEvent e) =>
        Both(e, new FormatterScratch(), RuntimeHelpers.GetHashCode(e.MessageTemplate));

    private static (bool Taken, string Direct, string General) Both(LogEvent e, FormatterScratch scratch, int hash)
    {
        var fields = scratch.Envelope;
        fields.Collect(e, FapilogLevel.Information, scratch.Names);

        var direct = new ArrayBufferWriter<byte>();
        bool taken = false;
        var w = new SpanJsonWriter(direct, scratch.Json);
        if (scratch.MessagePlans.Find(e.MessageTemplate, hash) is { } plan)
        {
            taken = DirectMessage.TryWrite(ref w, plan, e, fields, scratch);
        }

        w.Complete();

        var general = new ArrayBufferWriter<byte>();
        var g = new SpanJsonWriter(general, scratch.Json);
        var message = scratch.Message;
        message.Clear();
        MessageRenderer.Render(e.MessageTemplate, e.Properties, quoteStrings: false, message, scratch, fields);
        g.String(message.Written);
        g.Complete();

        return (taken, Encoding.UTF8.GetString(direct.WrittenSpan), Encoding.UTF8.GetString(general.WrittenSpan));
    }
}
