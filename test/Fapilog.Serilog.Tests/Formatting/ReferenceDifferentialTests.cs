using System;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Fapilog.Serilog.Tests.Support;
using Microsoft.FSharp.Core;

namespace Fapilog.Serilog.Tests.Formatting;

/// <summary>
/// Our CLEF, rendered CLEF and envelope against Serilog.Formatting.Compact 3.0 on random events (see
/// <see cref="RandomEvents"/> for what is generated and <see cref="DifferentialCheck"/> for what is compared).
/// Seeded: the same events every run. A failure names its seed; <c>FAPILOG_DIFF_SEED=&lt;seed&gt;</c> replays it,
/// any other seed explores further, and <c>FAPILOG_DIFF_EVENTS</c> runs more events.
/// </summary>
public class ReferenceDifferentialTests
{
    private const ulong DefaultSeed = 20260304;
    private const int DefaultEvents = 10_000;

    [Fact]
    public void Formatters_OnRandomEvents_WriteWhatSerilogFormattingCompactWrites()
    {
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("FAPILOG_DIFF_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        int events = int.TryParse(Environment.GetEnvironmentVariable("FAPILOG_DIFF_EVENTS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultEvents;
        var check = new DifferentialCheck();
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(events)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));

        try
        {
            Check.One(config, Prop.ForAll(RandomEvents.Arbitrary, check.Check));
        }
        catch (Exception ex)
        {
            Assert.Fail($"Seed {seed} (replay with FAPILOG_DIFF_SEED={seed}): {ex.Message}");
        }

        Assert.Equal(events, check.Events);
        if (events >= DefaultEvents)
        {
            // The generator covers what it claims: a change to it cannot silently drop a kind of value.
            Assert.True(check.Captured > events / 5, $"{check.Captured} events captured through Serilog's binder");
            Assert.True(check.ReferenceThrew > events / 200, $"the reference threw on {check.ReferenceThrew} events");
            Assert.Empty(Missing(check.ScalarTypes, ScalarTypes));
            Assert.Empty(Missing(check.TokenKinds, TokenKinds));
        }
    }

    /// <summary>What the generator must have produced, by the value's type name.</summary>
    private static readonly string[] ScalarTypes =
    {
        "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "IntPtr", "UIntPtr", "Int128", "UInt128", "BigInteger",
        "Half", "Single", "Double", "Decimal", "Boolean", "Char", "String", "DateTime", "DateTimeOffset", "DateOnly", "TimeOnly", "TimeSpan",
        "Guid", "Uri", "DayOfWeek", "FileAttributes", "Wide", "null", "Byte[]", "ActivityTraceId", "ActivitySpanId", "Complex", "Version",
        "Money", "Point", "Label", "Opaque", "NullText", "FragileUtf8", "Stubborn", "ThrowingText",
        "(sequence)", "(structure)", "(tagged structure)", "(dictionary)",
    };

    private static readonly string[] TokenKinds =
    {
        "Default", "Destructure", "Stringify", "AlignLeft", "AlignRight", "Format", "Positional", "Missing", "Exception", "NoException", "Trace", "NoTrace",
    };

    private static string[] Missing(System.Collections.Generic.HashSet<string> seen, string[] wanted) => Array.FindAll(wanted, w => !seen.Contains(w));
}
