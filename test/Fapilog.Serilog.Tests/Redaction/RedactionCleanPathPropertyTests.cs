using System;
using System.Collections.Generic;
using System.Linq;
using Fapilog.Serilog.Formatting;
using Fapilog.Serilog.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Redaction;

/// <summary>
/// The clean path against the full walk, event by event, under several rule sets: random events of a few shared
/// templates (so that plans and name verdicts are reused and overwritten), random names and values (secrets, values
/// of every scalar type, values that cannot be checked, names whose check throws; structures, sequences and
/// dictionaries nested with secrets at depth and EventId-like structures). Both stages must write the same
/// bytes, replace the same events, throw on the same events and count the same. Seeded.
/// </summary>
public class RedactionCleanPathPropertyTests
{
    private const ulong Seed = 20261203;
    private static readonly MessageTemplateParser Parser = new();

    private static readonly MessageTemplate[] Templates = new[]
    {
        "Order {OrderId} for {Customer} took {Elapsed} ms", "Login {User} with {Password}", "Calling with Bearer abcdefghijklmnop1234 {Service}",
        "{0} and {1}", "No holes at all", "{Customer} then {Customer} again {Boom}", "Token {ghp_abcdefghijklmnopqrstuvwxyz0123456789}",
    }.Select(Parser.Parse).ToArray();

    private static readonly string[] Names =
    {
        "OrderId", "Customer", "Elapsed", "Password", "apiKey", "Author", "tokenizer", "x-api-key", "SourceContext", "Boom",
        "MachineName", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "user_id", "Card",
    };

    private static Gen<object?> Values() => Gen.Frequency(
        (6, RandomScalars.Any),
        (3, Gen.Elements<object?>("cust-3", "Bearer abcdefghijklmnop1234", "https://u:Pw0rdZ9@host/", "Server=a;Password=x1;", "token=abc", "Boom",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "4111111111111111", "4111 1111 1111 1111", "alice@example.com", "10.0.0.1")),
        (2, Gen.Elements<object?>(4111111111111111L, 4111111111111112L, 4111111111111111.0, 4111111111111111m, 12.5, 42, new Uri("https://u:p@h/"))),
        (1, RandomScalars.Failing),
        (1, Gen.Elements<object?>(
            new StructureValue(new[] { new LogEventProperty("Password", new ScalarValue("x")) }),
            new SequenceValue(new[] { new ScalarValue("cust-3") }))),
        (4, Nested.Select(v => (object?)v)));

    // Field names and keys: clean ones, secrets by key name, by a path of the rule sets (Inner.Pin, Customer at any
    // depth, EventId.Name), by a value pattern in the name itself, and one whose check throws (Boom).
    private static readonly string[] FieldNames =
    {
        "Id", "Name", "Inner", "Pin", "Customer", "Password", "apiKey", "Path", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "Boom", "Elapsed",
    };

    private static readonly Gen<LogEventPropertyValue> Leaf = Gen.Frequency(
        (3, RandomScalars.Any),
        (3, Gen.Elements<object?>("cust-3", "/api/orders/{id:int}", "http://127.0.0.1:5099", "GET /cb?token=abc", "Server=a;Password=x1;",
            "RequestFinished", "Boom", "4111111111111111", "alice@example.com", "10.0.0.1", "\"password\": \"x\"")),
        (1, Gen.Elements<object?>(4111111111111111L, 42, 12.5, new Uri("https://u:p@h/"))),
        (1, RandomScalars.Failing)).Select(v => (LogEventPropertyValue)new ScalarValue(v));

    private static readonly Gen<LogEventPropertyValue> Nested = NestedOf(4);

    private static Gen<LogEventPropertyValue> NestedOf(int depth)
    {
        if (depth == 0)
        {
            return Leaf;
        }

        var inner = NestedOf(depth - 1);
        var structure =
            from count in Gen.Choose(0, 3)
            from names in Gen.ArrayOf(Gen.Elements(FieldNames), count)
            from values in Gen.ArrayOf(inner, count)
            from tag in Gen.Elements<string?>(null, "EventId", "Bearer abcdefghijklmnop1234")
            select (LogEventPropertyValue)new StructureValue(names.Select((n, i) => new LogEventProperty(n, values[i])), tag);
        var sequence =
            from count in Gen.Choose(0, 3)
            from values in Gen.ArrayOf(inner, count)
            select (LogEventPropertyValue)new SequenceValue(values);
        var dictionary =
            from count in Gen.Choose(0, 3)
            from keys in Gen.ArrayOf(Gen.Frequency((5, Gen.Elements(FieldNames).Select(k => (object)k)), (1, Gen.Elements<object>(7, 4111111111111111L))), count)
            from values in Gen.ArrayOf(inner, count)
            select (LogEventPropertyValue)new DictionaryValue(keys.Distinct().Select((k, i) => new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(k), values[i])));
        var eventId =
            from id in Gen.Choose(0, 3)
            from name in Gen.Elements("RequestFinished", "Started", "Bearer abcdefghijklmnop1234")
            select (LogEventPropertyValue)new StructureValue(new[] { new LogEventProperty("Id", new ScalarValue(id)), new LogEventProperty("Name", new ScalarValue(name)) });
        return Gen.Frequency((3, Leaf), (3, structure), (2, sequence), (2, dictionary), (2, eventId));
    }

    private static Gen<LogEvent> Events() =>
        from template in Gen.Elements(Templates)
        from values in Gen.ArrayOf(Values(), 3)
        from ownNames in Gen.Elements(true, true, false)
        from extraCount in Gen.Choose(0, 3)
        from extraNames in Gen.ArrayOf(Gen.Elements(Names), extraCount)
        from extraValues in Gen.ArrayOf(Values(), extraCount)
        from failing in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
        select Build(template, values, ownNames, extraNames, extraValues, failing);

    private static LogEvent Build(MessageTemplate template, object?[] values, bool ownNames, string[] extraNames, object?[] extraValues, bool withException)
    {
        var holes = template.Tokens.OfType<PropertyToken>().Select(t => t.PropertyName).Distinct().ToArray();
        var extra = extraNames.Select((n, i) => (n, extraValues[i])).Where(p => !holes.Contains(p.n)).DistinctBy(p => p.n).ToArray();
        var e = RedactionCleanPathTests.Bound(template, values.Take(holes.Length).ToArray(), extra);
        if (!ownNames)
        {
            // Names that are equal but not the template's strings (a hand-built event): found by text, not by reference.
            e = new LogEvent(e.Timestamp, e.Level, null, template, e.Properties.Select(p => new LogEventProperty(new string(p.Key.AsSpan()), p.Value)));
        }

        return withException
            ? new LogEvent(e.Timestamp, e.Level, new InvalidOperationException("failed with password=Exc3ption"), template, e.Properties.Select(p => new LogEventProperty(p.Key, p.Value)))
            : e;
    }

    public static TheoryData<int> RuleSets() => new() { 0, 1, 2, 3, 4 };

    private static RedactionRules Rules(int set) => set switch
    {
        0 => new RedactionRules(new FapilogRedactionOptions()),
        1 => new RedactionRules(new FapilogRedactionOptions
        {
            Presets = Enum.GetValues<RedactionPreset>(), Fields = new[] { "elapsed" }, Paths = new[] { "customer", "*.password", "**.inner.pin", "eventid.name", "*.*.customer" }, KeyPatterns = new[] { "machine" },
        }),
        2 => new RedactionRules(new FapilogRedactionOptions { RedactExceptions = true, Presets = new[] { RedactionPreset.PciDss }, MaxDepth = 3 }),
        3 => new RedactionRules(new FapilogRedactionOptions(), new[] { RedactionCleanPathTests.Throwing() }),
        _ => new RedactionRules(new FapilogRedactionOptions { OnFailure = RedactionFailureMode.DropEvent }, new[] { RedactionCleanPathTests.Throwing() }),
    };

    [Theory]
    [MemberData(nameof(RuleSets))]
    public void TheCleanPath_DecidesAsTheFullWalk(int ruleSet)
    {
        var fastCounters = new PipelineCounters();
        var fullCounters = new PipelineCounters();
        var fast = new RedactionStage(Rules(ruleSet), fastCounters);
        var full = new RedactionStage(Rules(ruleSet), fullCounters) { UsesCleanPath = false };
        var formatters = new[] { FapilogFormat.Envelope, FapilogFormat.Clef, FapilogFormat.RenderedClef }.Select(FormatterFactory.Create).ToArray();
        int unchanged = 0;
        int changed = 0;
        int nestedClean = 0;
        int fastClean = 0;
        bool CheckOne(LogEvent original)
        {
            long walks = fast.FullWalks;
            var (fastEvent, fastError) = Run(fast, original);
            fastClean += fast.FullWalks == walks ? 1 : 0;
            nestedClean += fast.FullWalks == walks && original.Properties.Values.Any(v => v is not ScalarValue) ? 1 : 0;
            var (fullEvent, fullError) = Run(full, original);

            Assert.Equal(fullError?.GetType(), fastError?.GetType());
            Assert.Equal(ReferenceEquals(fullEvent, original), ReferenceEquals(fastEvent, original));
            if (fullEvent is not null)
            {
                Assert.Equal(Written(fullEvent, formatters), Written(fastEvent!, formatters));
                _ = ReferenceEquals(fullEvent, original) ? unchanged++ : changed++;
            }

            Assert.Equal(fullCounters.Redacted, fastCounters.Redacted);
            Assert.Equal(fullCounters.RedactionFailures, fastCounters.RedactionFailures);
            return true;
        }

        var config = Config.QuickThrowOnFailure.WithMaxTest(1500).WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(Seed + (ulong)ruleSet), FSharpOption<int>.None)));
        Check.One(config, Prop.ForAll(Arb.From(Events()), (Func<LogEvent, bool>)CheckOne));

        // Both kinds were seen: the comparison covers clean events and redacted ones alike, and the clean path itself
        // passed many (where a wrong "clean" would hide). The seed is fixed; each rule set's floor is about half of what
        // it gives (unchanged 248 / 98 / 767 / 155 / 172, passed by the clean path 192 / 71 / 394 / 121 / 140).
        int[] minUnchanged = { 120, 45, 380, 75, 85 };
        int[] minFastClean = { 95, 35, 195, 60, 70 };
        Assert.InRange(unchanged, minUnchanged[ruleSet], 1500);
        Assert.InRange(fastClean, minFastClean[ruleSet], 1500);
        Assert.InRange(changed, 100, 1500);
        Assert.InRange(nestedClean, 5, 1500); // and events with structures, sequences or dictionaries said clean without the walk
    }

    private static (LogEvent? Event, Exception? Error) Run(RedactionStage stage, LogEvent original)
    {
        var e = new FapilogEvent(original, 9, FapilogLevel.Information, Formatted.MessageId);
        try
        {
            Assert.True(stage.Process(ref e));
            return (e.LogEvent, null);
        }
        catch (RedactionFailedException error)
        {
            return (null, error);
        }
    }

    private static string Written(LogEvent logEvent, IUtf8EventFormatter[] formatters) =>
        string.Concat(formatters.Select(f => Formatted.Utf8(f, logEvent)));
}
