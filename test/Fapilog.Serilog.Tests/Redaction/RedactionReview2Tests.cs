using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Fapilog.Serilog.Tests.Support;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Redaction;

/// <summary>
/// A security review of the clean path into structures, dictionaries and sequences and of the assignments' quick
/// test: every character next to and inside a key, other key-name rules, wildcard paths and small depth limits against
/// the full walk, and a structure's type tag (written as $type by the outputs). Seeded.
/// </summary>
public class RedactionReview2Tests
{
    private static readonly MessageTemplateParser Parser = new();

    [Fact]
    public void TheAssignmentsQuickTest_KeepsEveryTextTheDetectorMasks_WithAnyCharacterNextToOrInAKey()
    {
        var names = new KeyNameMatcher(new[] { "elapsed", "a1", "x.y", "db-pass", "k_2" }, RedactionPresets.CredentialKeys);
        var detector = ValueDetectors.Assignments(names);
        string[] forms = { "password{0}=hunter2", "{0}password=hunter2", "pass{0}word=hunter2", "password\"{0}=x", "password{0}\"=x", "a{0}token: x", "x{0}a1=x", "id=1{0}token=2" };
        var missed = new List<string>();
        for (int c = 0; c <= char.MaxValue; c++)
        {
            foreach (string form in forms)
            {
                string text = string.Format(form, (char)c);
                if (AssignmentQuickTestTests.Masks(detector, text) && !detector.MayMatch(text))
                {
                    missed.Add($"U+{c:X4} in {form}");
                }
            }
        }

        Assert.Empty(missed);
    }

    [Fact]
    public void TheAssignmentsQuickTest_KeepsEveryTextTheDetectorMasks_UnderOtherKeyRules()
    {
        string[] pieces =
        {
            "token", "Password", "a1", "x.y", "X.Y", "db-pass", "k_2", "K_2", "x", "id", "1", "_", ".", "-", "/", "\\", "=", ":", "\"", "'", " ", "\t",
            "\u00a0", "\u212a", "\u017f", "?", "&", ";", "é", "secret", new string('k', 63), new string('k', 64), "Bearer ", "api_key", "\u2028", "\u001c",
        };
        var matchers = new[]
        {
            new KeyNameMatcher(new[] { "a1", "x.y", "db-pass", "k_2", new string('k', 64), new string('k', 62) + "k_2" }, Array.Empty<string>()),
            new KeyNameMatcher(Array.Empty<string>(), new[] { "x y", "db pass", "k 2", "a1" }),
        };
        var random = new Random(20261202);
        int masked = 0;
        foreach (var names in matchers)
        {
            var detector = ValueDetectors.Assignments(names);
            for (int n = 0; n < 15000; n++)
            {
                var text = new StringBuilder();
                for (int i = random.Next(1, 10); i > 0; i--)
                {
                    text.Append(pieces[random.Next(pieces.Length)]);
                }

                string t = text.ToString();
                if (AssignmentQuickTestTests.Masks(detector, t))
                {
                    masked++;
                    Assert.True(detector.MayMatch(t), $"the quick test rules out \"{t}\"");
                }
            }
        }

        Assert.True(masked > 300, $"only {masked} texts masked");
    }

    [Fact]
    public void WhatTheCleanPathSaysClean_TheFullWalkLeavesAlone_UnderWildcardPathsAndSmallDepthLimits()
    {
        string[] names = { "a", "b", "Id", "Name", "password", "x", "Card", "number" };
        var ruleSets = new List<FapilogRedactionOptions>();
        foreach (int depth in new[] { 1, 2, 3, 4 })
        {
            ruleSets.Add(new FapilogRedactionOptions { MaxDepth = depth, Paths = new[] { "a.*", "*.b.x", "**.card.number", "x.**.Name", "b.Id.*" } });
            ruleSets.Add(new FapilogRedactionOptions { MaxDepth = depth, Paths = new[] { "*.*.*" } });
            ruleSets.Add(new FapilogRedactionOptions { MaxDepth = depth, Paths = new[] { "x.a.b", "a.b" }, Presets = Array.Empty<RedactionPreset>() });
            ruleSets.Add(new FapilogRedactionOptions { MaxDepth = depth, Presets = Enum.GetValues<RedactionPreset>(), Fields = new[] { "name" } });
        }

        var random = new Random(11);
        LogEventPropertyValue Value(int level)
        {
            int count = random.Next(0, 3);
            return (level >= 5 ? 0 : random.Next(4)) switch
            {
                0 => new ScalarValue(random.Next(4) switch { 0 => 1, 1 => "ok", 2 => "token=1", _ => "n" }),
                1 => new StructureValue(Enumerable.Range(0, count).Select(_ => new LogEventProperty(names[random.Next(names.Length)], Value(level + 1))).ToArray(),
                    random.Next(4) == 0 ? "Bearer abcdefghijklmnop1234" : null),
                2 => new SequenceValue(Enumerable.Range(0, count).Select(_ => Value(level + 1)).ToArray()),
                _ => new DictionaryValue(Enumerable.Range(0, count).Select(_ => names[random.Next(names.Length)]).Distinct()
                    .Select(k => new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(k), Value(level + 1))).ToArray()),
            };
        }

        var template = Parser.Parse("Hello {a}");
        int clean = 0;
        foreach (var options in ruleSets)
        {
            var fast = new RedactionStage(new RedactionRules(options), new PipelineCounters());
            for (int n = 0; n < 2000; n++)
            {
                var properties = Enumerable.Range(0, random.Next(1, 3)).Select(_ => names[random.Next(names.Length)]).Distinct()
                    .Select(k => new LogEventProperty(k, Value(1))).ToList();
                var original = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, template, properties);
                var full = new RedactionStage(new RedactionRules(options), new PipelineCounters()) { UsesCleanPath = false };
                var quick = new FapilogEvent(original, 1, FapilogLevel.Information, Formatted.MessageId);
                var slow = new FapilogEvent(original, 1, FapilogLevel.Information, Formatted.MessageId);
                long walks = fast.FullWalks;
                Assert.True(fast.Process(ref quick));
                Assert.True(full.Process(ref slow));
                Assert.Equal(ReferenceEquals(slow.LogEvent, original), ReferenceEquals(quick.LogEvent, original));
                Assert.Equal(Text(slow.LogEvent), Text(quick.LogEvent));
                if (fast.FullWalks == walks)
                {
                    clean++;
                    Assert.Same(original, slow.LogEvent);
                }
            }
        }

        Assert.InRange(clean, 1000, 31000);
    }

    [Fact]
    public void ASecretInAStructuresTypeTag_IsMasked_AndACleanTagTakesTheCleanPath()
    {
        var options = new FapilogRedactionOptions();
        var stage = new RedactionStage(options, new PipelineCounters());
        var template = Parser.Parse("Got {Item}");
        LogEvent Event(string tag) => new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, template,
            new[] { new LogEventProperty("Item", new StructureValue(new[] { new LogEventProperty("Id", new ScalarValue(1)) }, tag)) });

        var leaky = new FapilogEvent(Event("Bearer abcdefghijklmnop1234"), 1, FapilogLevel.Information, Formatted.MessageId);
        Assert.True(stage.Process(ref leaky));
        Assert.Equal("***", ((StructureValue)leaky.LogEvent.Properties["Item"]).TypeTag![^3..]);
        Assert.DoesNotContain("abcdefghijklmnop1234", ((StructureValue)leaky.LogEvent.Properties["Item"]).TypeTag!, StringComparison.Ordinal);

        var cleanEvent = Event("Order");
        var clean = new FapilogEvent(cleanEvent, 1, FapilogLevel.Information, Formatted.MessageId);
        long walks = stage.FullWalks;
        Assert.True(stage.Process(ref clean));
        Assert.Same(cleanEvent, clean.LogEvent);
        Assert.Equal(walks, stage.FullWalks);
    }

    private static string Text(LogEvent e) =>
        string.Join("; ", e.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
