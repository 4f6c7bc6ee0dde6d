using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Fapilog.Serilog.Formatting;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Parsing;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// Formats one event with our three formatters (in <see cref="HostileCulture"/>) and with the reference (in the
/// invariant culture), and throws <see cref="DifferenceException"/> at the first difference:
/// <list type="bullet">
/// <item>each of our lines is one line of valid UTF-8 JSON, and the CLEF formatters' text path writes the same
/// line as their UTF-8 path;</item>
/// <item>our CLEF and rendered CLEF lines equal the reference's, member for member and in order;</item>
/// <item>the envelope's <c>data</c> holds each property as the reference's <c>JsonValueFormatter</c> writes it
/// (the CLEF property value), its <c>message</c> is the reference's <c>@m</c> (with
/// <see cref="FapilogEnvelopeOptions.QuoteStringValues"/>) or Serilog's <c>{Message:l}</c> (without), and its
/// template, trace and span ids and exception text are the reference's <c>@mt</c>, <c>@tr</c>, <c>@sp</c> and <c>@x</c>;</item>
/// <item>where the reference throws, ours still writes one valid JSON line, and every property the reference
/// can write on its own is still compared.</item>
/// </list>
/// Keeps counts of what it saw, so a test can check that the generator covers what it claims.
/// </summary>
internal sealed class DifferentialCheck
{
    private readonly IUtf8EventFormatter _clef = new ClefFormatter();
    private readonly IUtf8EventFormatter _rendered = new RenderedClefFormatter();
    private readonly IUtf8EventFormatter _quoted = new FapilogEnvelopeFormatter(new FapilogEnvelopeOptions { QuoteStringValues = true });
    private readonly IUtf8EventFormatter _plain = new FapilogEnvelopeFormatter();

    public int Events { get; private set; }

    public int Captured { get; private set; }

    /// <summary>Events where the reference threw for the CLEF line, the rendered line or one property value.</summary>
    public int ReferenceThrew { get; private set; }

    public HashSet<string> ScalarTypes { get; } = new();

    public HashSet<string> TokenKinds { get; } = new();

    public void Check(EventCase eventCase)
    {
        var e = eventCase.Event;
        Events++;
        Captured += eventCase.Captured ? 1 : 0;
        Count(e);

        var clef = Reference.Clef(e);
        var rendered = Reference.RenderedClef(e);
        var literal = Reference.Literal(e);
        var values = e.Properties.Select(p => Reference.Value(p.Value)).Select(v => v.Succeeded ? v.Json() : (JsonElement?)null).ToList();
        if (!clef.Succeeded || !rendered.Succeeded || values.Any(v => v is null))
        {
            ReferenceThrew++;
        }

        string ourClef, ourRendered, ourQuoted, ourPlain, clefText, renderedText;
        using (HostileCulture.Use())
        {
            ourClef = Formatted.Utf8(_clef, e);
            ourRendered = Formatted.Utf8(_rendered, e);
            ourQuoted = Formatted.Utf8(_quoted, e);
            ourPlain = Formatted.Utf8(_plain, e);
            clefText = Formatted.Text((ITextFormatter)_clef, e);
            renderedText = Formatted.Text((ITextFormatter)_rendered, e);
        }

        var lines = new Lines(eventCase, ourClef, clef, ourRendered, rendered);
        Fail("CLEF text path", clefText == ourClef ? null : "the ITextFormatter line differs from the UTF-8 one: " + clefText, lines);
        Fail("rendered CLEF text path", renderedText == ourRendered ? null : "the ITextFormatter line differs from the UTF-8 one: " + renderedText, lines);
        var clefJson = clef.Succeeded ? clef.Json() : (JsonElement?)null;
        var renderedJson = rendered.Succeeded ? rendered.Json() : (JsonElement?)null;
        CompareLine("CLEF", Parse(ourClef, lines), clefJson, e, values, lines);
        CompareLine("rendered CLEF", Parse(ourRendered, lines), renderedJson, e, values, lines);
        CompareEnvelope(Parse(ourQuoted, lines).GetProperty("log"), Parse(ourPlain, lines).GetProperty("log"), e, clefJson, renderedJson, literal, values, lines);
    }

    private static void CompareLine(string what, JsonElement ours, JsonElement? reference, LogEvent e, List<JsonElement?> values, Lines lines)
    {
        if (reference is { } line)
        {
            Fail(what, JsonEquivalence.Difference(line, ours), lines);
            return;
        }

        // The reference threw (a format string, a ToString): the properties are still the last members.
        var members = JsonEquivalence.Members(ours);
        var properties = members.Skip(members.Count - e.Properties.Count).ToList();
        Fail(what + " properties", JsonEquivalence.Difference(Expected(e, values, properties, clef: true), properties, "$"), lines);
    }

    private static void CompareEnvelope(JsonElement quoted, JsonElement plain, LogEvent e, JsonElement? clef, JsonElement? rendered,
        Reference.Result literal, List<JsonElement?> values, Lines lines)
    {
        Fail("envelope message_template", Same(Utf8Replaced(e.MessageTemplate.Text), quoted.GetProperty("message_template").GetString()), lines);
        if (rendered is { } line)
        {
            Fail("envelope message (quoted)", Same(line.GetProperty("@m").GetString(), quoted.GetProperty("message").GetString()), lines);
        }

        if (literal.Succeeded)
        {
            Fail("envelope message", Same(Utf8Replaced(literal.Text!), plain.GetProperty("message").GetString()), lines);
        }

        foreach (var log in new[] { quoted, plain })
        {
            var data = JsonEquivalence.Members(log.GetProperty("data"));
            Fail("envelope data", JsonEquivalence.Difference(Expected(e, values, data, clef: false), data, "$.log.data"), lines);
            var context = log.GetProperty("context");
            Fail("envelope trace_id", Same(e.TraceId?.ToHexString(), context.TryGetProperty("trace_id", out var trace) ? trace.GetString() : null), lines);
            Fail("envelope span_id", Same(e.SpanId?.ToHexString(), context.TryGetProperty("span_id", out var span) ? span.GetString() : null), lines);
            if (clef is { } reference && reference.TryGetProperty("@x", out var x) && x.GetString()!.Length <= ExceptionWriter.MaxStackLength)
            {
                var stack = log.GetProperty("diagnostics").GetProperty("exception").GetProperty("error.stack").GetString();
                Fail("envelope error.stack", Same(x.GetString(), stack), lines);
            }
        }
    }

    /// <summary>
    /// The properties as the reference writes them, one by one; where it throws for a value, ours stands in
    /// (it only has to be valid JSON, which parsing the line already showed).
    /// </summary>
    private static List<KeyValuePair<string, JsonElement>> Expected(LogEvent e, List<JsonElement?> values, List<KeyValuePair<string, JsonElement>> ours, bool clef)
    {
        var expected = new List<KeyValuePair<string, JsonElement>>();
        int i = 0;
        foreach (var property in e.Properties)
        {
            string name = clef && property.Key.StartsWith('@') ? "@" + property.Key : property.Key;
            var value = values[i] ?? (i < ours.Count ? ours[i].Value : default);
            expected.Add(new KeyValuePair<string, JsonElement>(Utf8Replaced(name), value));
            i++;
        }

        return expected;
    }

    private void Count(LogEvent e)
    {
        foreach (var property in e.Properties)
        {
            CountValue(property.Value);
        }

        foreach (var token in e.MessageTemplate.Tokens.OfType<PropertyToken>())
        {
            TokenKinds.Add(token.Destructuring.ToString());
            if (token.Alignment is { } alignment)
            {
                TokenKinds.Add("Align" + alignment.Direction);
            }

            if (token.Format is not null)
            {
                TokenKinds.Add("Format");
            }

            if (token.IsPositional)
            {
                TokenKinds.Add("Positional");
            }

            if (!e.Properties.ContainsKey(token.PropertyName))
            {
                TokenKinds.Add("Missing");
            }
        }

        TokenKinds.Add(e.Exception is null ? "NoException" : "Exception");
        TokenKinds.Add(e.TraceId is null ? "NoTrace" : "Trace");
    }

    private void CountValue(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue scalar:
                ScalarTypes.Add(scalar.Value?.GetType().Name ?? "null");
                break;
            case SequenceValue sequence:
                ScalarTypes.Add("(sequence)");
                sequence.Elements.ToList().ForEach(CountValue);
                break;
            case StructureValue structure:
                ScalarTypes.Add(structure.TypeTag is null ? "(structure)" : "(tagged structure)");
                structure.Properties.ToList().ForEach(p => CountValue(p.Value));
                break;
            case DictionaryValue dictionary:
                ScalarTypes.Add("(dictionary)");
                foreach (var pair in dictionary.Elements)
                {
                    CountValue(pair.Key);
                    CountValue(pair.Value);
                }

                break;
        }
    }

    private static JsonElement Parse(string line, Lines lines)
    {
        if (line.IndexOf('\n', StringComparison.Ordinal) != line.Length - 1)
        {
            throw new DifferenceException($"our output is not one line ending in \\n\n{lines}");
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new DifferenceException($"our line is not valid JSON ({ex.Message})\n{lines}");
        }
    }

    private static string? Same(string? expected, string? actual)
        => expected == actual ? null : $"expected {EventCase.Quote(expected ?? "(none)")}, got {EventCase.Quote(actual ?? "(none)")}";

    /// <summary>Text as it reads back after UTF-8 encoding (lone surrogates become U+FFFD).</summary>
    private static string Utf8Replaced(string text) => System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text));

    private static void Fail(string what, string? difference, Lines lines)
    {
        if (difference is not null)
        {
            throw new DifferenceException($"{what} differs from Serilog.Formatting.Compact 3.0: {difference}\n{lines}");
        }
    }

    private sealed record Lines(EventCase Case, string Clef, Reference.Result ReferenceClef, string Rendered, Reference.Result ReferenceRendered)
    {
        public override string ToString()
            => $"event: {Case}\nours:      {Clef.TrimEnd()}\nreference: {Show(ReferenceClef)}\nours:      {Rendered.TrimEnd()}\nreference: {Show(ReferenceRendered)}";

        private static string Show(Reference.Result result) => result.Text is { } text ? Utf8Replaced(text.TrimEnd()) : "threw " + result.Error!.GetType().Name + ": " + result.Error.Message;
    }
}

/// <summary>A difference between our output and the reference's.</summary>
internal sealed class DifferenceException(string message) : Exception(message);
