using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;
using Serilog.Formatting.Json;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// Serilog.Formatting.Compact 3.0 and Serilog's own rendering, the reference our formatters are compared with.
/// Each runs in the invariant culture (it reads the current culture where it calls a plain <c>ToString()</c>;
/// ours is invariant whatever the culture), and a throw is returned, not raised: where the reference fails,
/// ours must still write a line.
/// </summary>
internal static class Reference
{
    private static readonly CompactJsonFormatter Compact = new();
    private static readonly RenderedCompactJsonFormatter RenderedCompact = new();
    private static readonly JsonValueFormatter Values = new(typeTagName: "$type");

    // Serilog's literal rendering of the message: string values unquoted, everything else as RenderMessage.
    private static readonly MessageTemplateTextFormatter LiteralMessage = new("{Message:l}", CultureInfo.InvariantCulture);

    /// <summary>The CLEF line of <c>CompactJsonFormatter</c>.</summary>
    public static Result Clef(LogEvent logEvent) => Run(output => Compact.Format(logEvent, output));

    /// <summary>The CLEF line of <c>RenderedCompactJsonFormatter</c>.</summary>
    public static Result RenderedClef(LogEvent logEvent) => Run(output => RenderedCompact.Format(logEvent, output));

    /// <summary>One property value as <c>JsonValueFormatter</c> writes it (with <c>$type</c> tags, as CLEF does).</summary>
    public static Result Value(LogEventPropertyValue value) => Run(output => Values.Format(value, output));

    /// <summary>The message rendered with string values unquoted (<c>{Message:l}</c>).</summary>
    public static Result Literal(LogEvent logEvent) => Run(output => LiteralMessage.Format(logEvent, output));

    private static Result Run(Action<TextWriter> format)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            var output = new StringWriter(CultureInfo.InvariantCulture);
            format(output);
            return new Result(output.ToString(), null);
        }
        catch (Exception ex)
        {
            return new Result(null, ex);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    /// <summary>What the reference wrote, or what it threw.</summary>
    internal readonly record struct Result(string? Text, Exception? Error)
    {
        public bool Succeeded => Error is null;

        /// <summary>
        /// The text as JSON, read the way a sink stores it: encoded as UTF-8, where a lone surrogate (which the
        /// reference leaves in its UTF-16 output) becomes U+FFFD — what ours writes in the first place.
        /// </summary>
        public JsonElement Json()
        {
            using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(Text!));
            return document.RootElement.Clone();
        }
    }
}
