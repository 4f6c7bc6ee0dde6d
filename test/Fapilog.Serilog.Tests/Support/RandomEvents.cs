using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using Serilog;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// FsCheck generators of whole <see cref="LogEvent"/>s: random templates (text, escaped braces, named and
/// positional holes, alignment, format strings, destructuring operators, malformed holes), property values
/// nested several levels deep, exceptions, trace and span ids, levels in and out of range. One event in three
/// is captured through Serilog's own binder (<see cref="ILogger.BindMessageTemplate"/>) from plain .NET
/// arguments, so its values are what Serilog really captures; the rest are built directly, so a
/// <see cref="ScalarValue"/> can hold anything.
/// </summary>
internal static class RandomEvents
{
    private const int MaxDepth = 4;

    private static readonly MessageTemplateParser Parser = new();
    private static readonly ILogger Binder = new LoggerConfiguration().CreateLogger();

    /// <summary>Names a template can refer to (letters, digits, underscore) and that the envelope leaves in <c>data</c>.</summary>
    private static readonly string[] HoleNames = { "A", "B", "Name", "Count", "Elapsed_ms", "x1", "\u00dcn\u00efcode", "0", "1", "2", "log", "data", "message" };

    /// <summary>Names only an enricher or a hand-built event uses: CLEF's doubled <c>@</c>, escapes, lone surrogates.</summary>
    private static readonly string[] OtherNames = { "@x", "@mt", "@", "a b", "q\"uote", "back\\slash", "ctl\u0001", "$type", "__1", "\ud800lone", "emoji\U0001F600" };

    private static readonly string[] Formats =
    {
        "0.00", "x8", "X", "x", "D5", "d", "N2", "E3", "e", "G", "G17", "R", "r", "P1", "F0", "F3", "C", "#,##0.###", "000", "0.#;(0.#);zero",
        "yyyy-MM-dd", "O", "o", "u", "s", "HH:mm", "HH:mm:ss.fff", "t", "T", "D", "c", "g", "B", "N", "l", "j", "lj", "Q", "w", "\u00e9", "'lit'",
    };

    private static readonly Exception?[] Exceptions = BuildExceptions();

    // Generators by nesting depth, built once (the recursion would otherwise rebuild them for every event).
    private static readonly Gen<LogEventPropertyValue>[] Values = BuildValues();
    private static readonly Gen<object?> Arguments = Argument(2);

    public static Arbitrary<EventCase> Arbitrary { get; } = Arb.From(Gen.Frequency((2, Direct()), (1, Captured())));

    private static Gen<EventCase> Direct() =>
        from names in Names()
        from template in Template(names.Where(n => HoleNames.Contains(n)).ToArray())
        from values in Gen.ArrayOf(Values[MaxDepth], names.Length)
        from failing in Gen.Frequency((40, Gen.Constant(-1)), (1, Gen.Choose(0, Math.Max(0, names.Length - 1))))
        from failure in RandomScalars.Failing
        from details in Details()
        select Build(template, names.Select((n, i) => new LogEventProperty(n, i == failing ? new ScalarValue(failure) : values[i])), details, captured: false);

    private static Gen<EventCase> Captured() =>
        from count in Gen.Choose(0, 5)
        from names in Gen.ArrayOf(Gen.Elements(HoleNames), count)
        from template in Template(names)
        from args in Gen.Choose(Math.Max(0, count - 1), count + 1).SelectMany(n => Gen.ArrayOf(Arguments, n))
        from details in Details()
        select Bind(template, args, details);

    private static EventCase Bind(string template, object?[] args, EventDetails details)
    {
        Binder.BindMessageTemplate(template, args, out _, out var properties);
        return Build(template, properties ?? Enumerable.Empty<LogEventProperty>(), details, captured: true);
    }

    private static EventCase Build(string template, IEnumerable<LogEventProperty> properties, EventDetails details, bool captured)
    {
        var logEvent = new LogEvent(details.Timestamp, details.Level, details.Exception, Parser.Parse(template), properties, details.TraceId ?? default, details.SpanId ?? default);
        return new EventCase(logEvent, captured);
    }

    /// <summary>Distinct property names, mostly ones a template can name.</summary>
    private static Gen<string[]> Names() =>
        from count in Gen.Frequency((12, Gen.Choose(0, 6)), (1, Gen.Choose(7, 20)))
        from holes in Gen.Shuffle(HoleNames)
        from others in Gen.Shuffle(OtherNames)
        from mix in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false))), count)
        select mix.Select((hole, i) => hole && i < holes.Length ? holes[i] : others[i % others.Length]).Distinct().ToArray();

    private static Gen<string> Template(string[] names) =>
        from count in Gen.Choose(0, 7)
        from tokens in Gen.ArrayOf(Gen.Frequency((3, RandomScalars.TextOf(Gen.Choose(0, 3))), (4, Hole(names))), count)
        select string.Concat(tokens);

    private static Gen<string> Hole(string[] names) =>
        from op in Gen.Frequency((8, Gen.Constant("")), (1, Gen.Constant("@")), (1, Gen.Constant("$")))
        from name in names.Length == 0
            ? Gen.Elements("Missing", "0", "A")
            : Gen.Frequency((8, Gen.Elements(names)), (1, Gen.Elements("Missing", "0", "3")), (1, Gen.Elements(" X", "a-b", "", "X Y", "@", "1a", "_")))
        from alignment in Gen.Frequency((6, Gen.Constant("")), (3, Gen.Elements(",5", ",-5", ",12", ",-20", ",1", ",-1")), (1, Gen.Elements(",0", ",x", ",-", ", 3", ",99999999999")))
        from format in Gen.Frequency((5, Gen.Constant("")), (4, Gen.Elements(Formats).Select(f => ":" + f)), (1, Gen.Elements(":", "::", ": x")))
        select "{" + op + name + alignment + format + "}";

    private static Gen<LogEventPropertyValue>[] BuildValues()
    {
        var scalar = RandomScalars.Any.Select(v => (LogEventPropertyValue)new ScalarValue(v));
        var values = new Gen<LogEventPropertyValue>[MaxDepth + 1];
        values[0] = scalar;
        for (int depth = 1; depth <= MaxDepth; depth++)
        {
            var inner = values[depth - 1];
            values[depth] = Gen.Frequency((10, scalar), (1, Sequence(inner)), (1, Structure(inner)), (1, Dictionary(inner)));
        }

        return values;
    }

    private static Gen<LogEventPropertyValue> Sequence(Gen<LogEventPropertyValue> inner) =>
        from count in Gen.Choose(0, 4)
        from elements in Gen.ArrayOf(inner, count)
        select (LogEventPropertyValue)new SequenceValue(elements);

    private static Gen<LogEventPropertyValue> Structure(Gen<LogEventPropertyValue> inner) =>
        from count in Gen.Choose(0, 4)
        from names in Gen.ArrayOf(Gen.Elements(HoleNames.Concat(OtherNames).ToArray()), count)
        from values in Gen.ArrayOf(inner, count)
        from tag in Gen.Frequency((3, Gen.Constant<string?>(null)), (2, Gen.Elements<string?>("Point", "My.Namespace.Type`1", "$type")), (1, RandomScalars.Text.Select(t => (string?)t)))
        select (LogEventPropertyValue)new StructureValue(names.Select((n, i) => new LogEventProperty(n, values[i])), tag);

    private static Gen<LogEventPropertyValue> Dictionary(Gen<LogEventPropertyValue> inner) =>
        from count in Gen.Choose(0, 4)
        from keys in Gen.ArrayOf(Key(), count)
        from values in Gen.ArrayOf(inner, count)
        select (LogEventPropertyValue)new DictionaryValue(keys
            .Select((k, i) => new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(k), values[i]))
            .DistinctBy(pair => pair.Key));

    /// <summary>Scalars as dictionary keys: written as their text.</summary>
    private static Gen<object?> Key() => Gen.Frequency(
        (4, RandomScalars.Text.Select(t => (object?)t)),
        (2, RandomScalars.Integers),
        (1, RandomScalars.Doubles.Select(d => (object?)d)),
        (1, RandomScalars.Decimals.Select(d => (object?)d)),
        (1, RandomScalars.Dates),
        (1, RandomScalars.Identifiers),
        (1, RandomScalars.Enums),
        (1, Gen.Elements<object?>(null, true, false, 'k', '\ud800')),
        (1, RandomScalars.Others));

    /// <summary>A plain .NET argument, as an application passes it to <c>Log.Information</c>.</summary>
    private static Gen<object?> Argument(int depth) => depth == 0
        ? RandomScalars.Any
        : Gen.Frequency(
            (8, RandomScalars.Any),
            (1, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Argument(depth - 1), n)).Select(a => (object?)a)),
            (1, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(RandomScalars.Text, n)).Select(a => (object?)a.ToList())),
            (1, from keys in Gen.ArrayOf(Gen.Elements("k", "K", "\u00e9", "1", "a b"), 3) from values in Gen.ArrayOf(Argument(depth - 1), 3)
                select (object?)keys.Zip(values).DistinctBy(p => p.First).ToDictionary(p => p.First, p => p.Second)),
            (1, from key in Gen.Choose(-3, 3) from value in RandomScalars.Doubles select (object?)new Dictionary<int, double> { [key] = value }),
            (1, from name in RandomScalars.Text from size in RandomScalars.Doubles from inner in Argument(depth - 1)
                select (object?)new Shape { Name = name, Size = size, Inner = inner }),
            (1, from id in RandomScalars.Integers from label in RandomScalars.Text select (object?)new { Id = id, Label = label }),
            (1, from a in RandomScalars.Any from b in RandomScalars.Text select (object?)(a, b)),
            (1, RandomScalars.Halves.Select(h => (object?)(Half?)h)));

    private static Gen<EventDetails> Details() =>
        from timestamp in Gen.Frequency((8, RandomScalars.DateTimeOffsets), (1, Gen.Elements(DateTimeOffset.MinValue, DateTimeOffset.MaxValue)))
        from level in Gen.Frequency((12, Gen.Choose(0, 5).Select(l => (LogEventLevel)l)), (1, Gen.Elements((LogEventLevel)42, (LogEventLevel)(-1))))
        from exception in Gen.Frequency((6, Gen.Constant<Exception?>(null)), (1, Gen.Elements(Exceptions)))
        from ids in Gen.Frequency(
            (3, Gen.Constant<(ActivityTraceId?, ActivitySpanId?)>((null, null))),
            (2, RandomScalars.Bits64.Three().Select(b => ((ActivityTraceId?)TraceId(b.Item1, b.Item2), (ActivitySpanId?)SpanId(b.Item3)))),
            (1, Gen.Elements<(ActivityTraceId?, ActivitySpanId?)>((default(ActivityTraceId), default(ActivitySpanId)), (TraceId(1, 2), null))))
        select new EventDetails(timestamp, level, exception, ids.Item1, ids.Item2);

    private static ActivityTraceId TraceId(ulong high, ulong low)
        => ActivityTraceId.CreateFromBytes(BitConverter.GetBytes(high).Concat(BitConverter.GetBytes(low)).ToArray());

    private static ActivitySpanId SpanId(ulong bits) => ActivitySpanId.CreateFromBytes(BitConverter.GetBytes(bits));

    private static Exception?[] BuildExceptions()
    {
        Exception Thrown(Func<Exception> make)
        {
            try
            {
                throw make();
            }
            catch (Exception ex)
            {
                return ex;
            }
        }

        return new[]
        {
            Thrown(() => new InvalidOperationException("failed \"quoted\" \u00e9 \ud800 \u0001\n\tline")),
            Thrown(() => new ArgumentException("bad", "param", new FormatException("inner"))),
            new AggregateException(new Exception("one"), Thrown(() => new TimeoutException("two"))),
            new Exception(string.Empty),
            new AdversarialCorpus.ThrowingException(),
        };
    }

    private readonly record struct EventDetails(
        DateTimeOffset Timestamp, LogEventLevel Level, Exception? Exception, ActivityTraceId? TraceId, ActivitySpanId? SpanId);

    /// <summary>A class Serilog destructures for <c>{@X}</c> (type tag <c>Shape</c>) and renders with ToString otherwise.</summary>
    internal sealed class Shape
    {
        public string Name { get; set; } = string.Empty;

        public double Size { get; set; }

        public object? Inner { get; set; }

        public override string ToString() => "Shape " + Name;
    }
}
