using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Numerics;
using Serilog;
using Serilog.Events;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// Generates hostile events, deterministically (fixed seed): through Serilog's own front end where it can make
/// them (destructuring, cycles, throwing ToString at capture), and as hand-built <see cref="LogEvent"/>s for what
/// the front end would never let through (values and names it would clean, levels out of range). Every case
/// produces exactly one event, so the sink side can check that none was skipped.
/// </summary>
internal static class AdversarialCorpus
{
    public const int HugeStringLength = 1 << 20;

    private static readonly MessageTemplateParser Parser = new();

    private const string Specials = "\"\\/{}\u2028\u2029\u202e\u00e9\u0000";

    private static readonly string[] EnvelopeKeys =
    {
        "schema_version", "log", "timestamp", "level", "message", "message_template", "logger", "context",
        "diagnostics", "data", "tags", "message_id", "correlation_id", "trace_id", "span_id", "request_id",
        "user_id", "tenant_id", "origin", "exception", "@t", "@mt", "@m", "@i", "@r", "@l", "@x", "@tr", "@sp",
        "@", "@@x", "$type", "SourceContext", "CorrelationId", "RequestId", "Tags", "UserId", "TenantId",
        FapilogProperties.Level,
    };

    private static readonly string[] Templates =
    {
        "", "{", "}", "{{", "}}", "{{}}", "{@}", "{$}", "{0} {1} {2}", "{A} {A} {A}", "{Name,-10:000}", "{X:",
        "{ X }", "{@X:format}", "\0\u0001\u001b[31m\u202e{X}\u2066", "{X}\n{Y}\r\n{Z}", "\ud800 {X} \udc00",
        "{\ud800}", "{X,99999}", "{X:\ud800}",
    };

    /// <summary>
    /// Makes <paramref name="count"/> logging calls on <paramref name="logger"/>. Returns how many events they make:
    /// Serilog's front end ignores a call whose template is null (no event, no SelfLog line), so those do not count.
    /// </summary>
    public static int WriteTo(ILogger logger, int count, int hugeStrings = 3)
    {
        var random = new Random(20260115);
        string huge = new string('x', HugeStringLength - 2) + "\ud800\n";
        int hugeEvery = count / Math.Max(1, hugeStrings);
        int events = 0;
        for (int i = 0; i < count; i++)
        {
            if (hugeStrings > 0 && i % hugeEvery == 7 && i / hugeEvery < hugeStrings)
            {
                logger.Information("Huge {Value} {Other}", huge, huge.Substring(0, 1000));
                events++;
                continue;
            }

            events += Write(logger, i, random) ? 1 : 0;
        }

        return events;
    }

    /// <summary>Makes one call; false when it is one that Serilog ignores (a null template).</summary>
    private static bool Write(ILogger logger, int i, Random random)
    {
        // Two events in three are short random text (the bulk, cheap); the third cycles through the heavy kinds.
        if (i % 3 != 0)
        {
            logger.Write(LevelAt(i), "Random {A} {B}", RandomText(random, 40), RandomText(random, 8));
            return true;
        }

        i /= 3;
        switch (i % 24)
        {
            case 0: logger.Information("Random {A} {B}", RandomText(random, 200), RandomText(random, 20)); break;
            case 1: logger.Warning(RandomText(random, 80), RandomText(random, 10), random.Next()); break;
            case 2: logger.Information("Cycle {@Node}", Node.Cycle(i)); break;
            case 3: logger.Information("Self-containing list {@List} and dict {@Dict}", SelfList(), SelfDictionary()); break;
            case 4: logger.Information("Throws at capture {Value} {@Destructured} {$Stringified}", new ThrowingToString(), new ThrowingGetter(), new ThrowingToString()); break;
            case 5: logger.Information(Templates[(i / 24) % Templates.Length], RandomText(random, 10), -1, null); break;
            case 6: logger.Write(LevelAt(i), (string)null!); return false;
            case 7: logger.Error(HostileException(i, random), "Exception {N}", i); break;
            case 8: logger.Information("Numbers {A} {B} {C} {D} {E} {F} {G} {H} {I} {J}", double.NaN, double.PositiveInfinity, double.NegativeInfinity, float.NaN, decimal.MaxValue, decimal.MinValue, long.MinValue, ulong.MaxValue, BigInteger.Pow(10, 400), -0.0); break;
            case 9: logger.Information("Dates {A} {B} {C} {D} {E}", DateTime.MinValue, DateTime.MaxValue, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, TimeSpan.MinValue); break;
            case 10: logger.ForContext(EnvelopeKeys[(i / 24) % EnvelopeKeys.Length], Collide(i)).Information("Collides {N}", i); break;
            case 11: logger.Audit("Audit {Weird} {@Nested}", "\u0000\u2028\u2029\u0085\u007f", Nested(12)); break;
            case 12: logger.Security("Security {Bidi}", "\u202eevil\u202c\u2066\u2069\u200f"); break;
            case 13: logger.Information("Chars {A} {B} {C} {D}", '\ud800', '\udc00', '\0', (char)0x1b); break;
            case 14: logger.Information("Bytes {A} and enum {B} and type {C} and uri {D}", new byte[] { 0, 0xff, 0xfe }, (DayOfWeek)99, typeof(List<>), new Uri("http://a/\u0000")); break;
            case 15: logger.Information("Formats {X:0.00} {Y:yyyy} {Z:x8}", new ThrowingFormattable(), DateTime.MinValue, -1); break;
            default: logger.Write(HandBuilt(i, random)); break;
        }

        return true;
    }

    /// <summary>Events the front end would not produce: hostile names, keys and values straight into the event.</summary>
    private static LogEvent HandBuilt(int i, Random random)
    {
        var level = (i % 7) switch
        {
            0 => (LogEventLevel)42,
            _ => LevelAt(i),
        };
        var template = Parser.Parse(i % 5 == 0 ? string.Empty : "Hand {" + RandomName(random) + "} built {N}");
        var properties = new List<LogEventProperty>
        {
            new("N", new ScalarValue(i)),
            new(RandomName(random), new ScalarValue(RandomText(random, 50))),
            new("\ud800lone", new ScalarValue("\udfff")),
            new("\0nul", new ScalarValue('\ud800')),
            new("ToStringThrows", new ScalarValue(i % 8 == 0 ? new ThrowingToString() : "fine")),
            new("FormattableThrows", new ScalarValue(i % 8 == 4 ? new ThrowingFormattable() : 1.5)),
            new("Deep", DeepValue(i % 24 == 0 ? 200 : 3)),
            new("Dict", new DictionaryValue(new[]
            {
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue("\udc00"), new ScalarValue(double.NaN)),
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(null), new ScalarValue(float.NegativeInfinity)),
                new KeyValuePair<ScalarValue, LogEventPropertyValue>(new ScalarValue(i % 8 == 2 ? new ThrowingToString() : "k"), new ScalarValue(decimal.MaxValue)),
            })),
            new("Typed", new StructureValue(new[] { new LogEventProperty("@x", new ScalarValue(1)) }, "\ud800Type\n")),
            new("Tags", i % 2 == 0 ? new SequenceValue(new[] { new ScalarValue(null), new ScalarValue(1), new ScalarValue("\ud800") }) : new ScalarValue(42)),
            new("SourceContext", i % 3 == 0 ? new ScalarValue(null) : new ScalarValue("\u202eSource\ud800")),
            new("CorrelationId", new StructureValue(Array.Empty<LogEventProperty>())),
            new("RequestId", new ScalarValue(double.NaN)),
            new(FapilogProperties.Level, new ScalarValue(i % 2 == 0 ? "AUDIT\0" : (object)7)),
            new("ServiceName", new ScalarValue(RandomText(random, 30))),
        };
        var trace = i % 2 == 0 ? ActivityTraceId.CreateRandom() : default;
        var span = i % 2 == 0 ? ActivitySpanId.CreateRandom() : default;
        var exception = i % 16 == 0 ? HostileException(i / 16, random) : null;
        var timestamp = (i % 3) switch
        {
            0 => DateTimeOffset.MinValue,
            1 => DateTimeOffset.MaxValue,
            _ => new DateTimeOffset(2026, 1, 15, 10, 30, 0, TimeSpan.FromHours(14)),
        };
        return new LogEvent(timestamp, level, exception, template, properties, trace, span);
    }

    private static LogEventLevel LevelAt(int i) => (LogEventLevel)(i % 6);

    private static object Collide(int i) => (i % 4) switch
    {
        0 => 42,
        1 => "\ud800",
        2 => new[] { 1, 2, 3 },
        _ => new Dictionary<string, object?> { ["log"] = null, ["@t"] = double.NaN },
    };

    /// <summary>Any UTF-16 code units, lone surrogates and controls included.</summary>
    private static string RandomText(Random random, int maxLength)
    {
        var chars = new char[random.Next(maxLength + 1)];
        for (int c = 0; c < chars.Length; c++)
        {
            chars[c] = (random.Next(4)) switch
            {
                0 => (char)random.Next(0x20),
                1 => (char)random.Next(0xd800, 0xe000),
                2 => (char)random.Next(0x10000),
                _ => Specials[random.Next(Specials.Length)],
            };
        }

        return new string(chars);
    }

    /// <summary>A name Serilog accepts (not blank), otherwise as hostile as text gets.</summary>
    private static string RandomName(Random random)
    {
        string name = RandomText(random, 12);
        return string.IsNullOrWhiteSpace(name) ? "@" + name + "x" : name;
    }

    private static LogEventPropertyValue DeepValue(int depth)
    {
        LogEventPropertyValue value = new ScalarValue("bottom\ud800");
        for (int d = 0; d < depth; d++)
        {
            value = d % 2 == 0
                ? new StructureValue(new[] { new LogEventProperty("Inner", value) })
                : new SequenceValue(new[] { value });
        }

        return value;
    }

    private static object Nested(int depth)
    {
        object value = "bottom";
        for (int d = 0; d < depth; d++)
        {
            value = new { Level = d, Inner = value };
        }

        return value;
    }

    private static List<object> SelfList()
    {
        var list = new List<object> { 1 };
        list.Add(list);
        return list;
    }

    private static Dictionary<string, object> SelfDictionary()
    {
        var dict = new Dictionary<string, object>();
        dict["self"] = dict;
        return dict;
    }

    private static Exception HostileException(int i, Random random) => (i % 5) switch
    {
        0 => new ThrowingException(),
        1 => new InvalidOperationException("lone \ud800 and \0 and \u2028 " + RandomText(random, 30)),
        2 => new AggregateException(Enumerable.Range(0, 8).Select(n => new Exception("inner " + n, n == 0 ? new ThrowingException() : null))),
        3 => Chain(100),
        _ => Thrown(),
    };

    private static Exception Chain(int depth)
    {
        Exception e = new FormatException("bottom");
        for (int d = 0; d < depth; d++)
        {
            e = new InvalidOperationException("level " + d, e);
        }

        return e;
    }

    private static Exception Thrown()
    {
        try
        {
            throw new ArgumentException("thrown \ud800", "\udc00param");
        }
        catch (ArgumentException ex)
        {
            return ex;
        }
    }

    /// <summary>A graph with a cycle, for <c>{@...}</c>: Serilog's destructuring depth limit must cut it.</summary>
    internal sealed class Node
    {
        public string Name { get; set; } = string.Empty;

        public Node? Next { get; set; }

        public static Node Cycle(int i)
        {
            var a = new Node { Name = "a" + i };
            var b = new Node { Name = "b\ud800", Next = a };
            a.Next = b;
            return a;
        }
    }

    internal sealed class ThrowingToString
    {
        public override string ToString() => throw new InvalidOperationException("ToString failure");
    }

    internal sealed class ThrowingGetter
    {
        public int Fine => 1;

        public string Broken => throw new InvalidOperationException("getter failure");
    }

    internal sealed class ThrowingFormattable : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) => throw new FormatException("format failure");

        public override string ToString() => throw new InvalidOperationException("ToString failure");
    }

    internal sealed class ThrowingException : Exception
    {
        public override string Message => throw new InvalidOperationException("Message failure");

        public override string? StackTrace => throw new InvalidOperationException("StackTrace failure");

        public override string ToString() => throw new InvalidOperationException("ToString failure");
    }
}
