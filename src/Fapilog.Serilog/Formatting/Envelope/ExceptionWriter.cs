using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// The envelope's <c>diagnostics.exception</c>: fapilog's <c>error.*</c> keys, plus <c>error.inner</c>, an
/// array of the same object for the inner exception(s). Nothing here may throw: exceptions are user types
/// whose <c>Message</c>, <c>ToString</c> and stack traces can all fail.
/// </summary>
internal static class ExceptionWriter
{
    public const int MaxStackLength = 20_000;
    public const int MaxFrames = 10;
    public const int MaxDepth = 5;

    /// <summary>An <see cref="AggregateException"/> with thousands of inners must not make a line of megabytes.</summary>
    public const int MaxInnerPerLevel = 10;

    public const string TruncationMarker = "… [truncated]";

    public static void Write(Utf8JsonWriter writer, Exception exception, int depth = 1)
    {
        writer.WriteStartObject();
        // A redacted exception carries the text; its type and frames are the original's (names, not values).
        var source = exception is RedactedException redacted ? redacted.Original : exception;
        writer.WriteString("error.type", source.GetType().FullName ?? source.GetType().Name);
        writer.WriteString("error.message", SafeText.Limit(Guard(() => exception.Message)));
        writer.WriteString("error.stack", Truncate(Guard(exception.ToString)));
        WriteFrames(writer, source);

        var inner = Guard(() => exception.InnerException);
        if (inner is not null)
        {
            writer.WriteString("error.cause", (Innermost(inner) is RedactedException r ? r.Original : Innermost(inner)).GetType().FullName);
        }

        var inners = Inners(exception);
        if (inners.Count > 0 && depth < MaxDepth)
        {
            writer.WriteStartArray("error.inner");
            for (int i = 0; i < inners.Count && i < MaxInnerPerLevel; i++)
            {
                Write(writer, inners[i], depth + 1);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Frames are a diagnostic aid; a trimmed method is written as <unknown>.")]
    private static void WriteFrames(Utf8JsonWriter writer, Exception exception)
    {
        StackFrame[] frames;
        try
        {
            frames = new StackTrace(exception, true).GetFrames();
        }
#pragma warning disable CA1031 // Symbol reading can fail in many ways; the frames are a convenience.
        catch (Exception)
#pragma warning restore CA1031
        {
            frames = Array.Empty<StackFrame>();
        }

        writer.WriteStartArray("error.frames");
        for (int i = 0; i < frames.Length && i < MaxFrames; i++)
        {
            var frame = frames[i];
            writer.WriteStartObject();
            var file = frame.GetFileName();
            if (file is null)
            {
                writer.WriteNull("file");
            }
            else
            {
                writer.WriteString("file", file);
            }

            int line = frame.GetFileLineNumber();
            if (line > 0)
            {
                writer.WriteNumber("line", line);
            }
            else
            {
                writer.WriteNull("line");
            }

            var method = frame.GetMethod();
            writer.WriteString("function", method is null ? "<unknown>" : $"{method.DeclaringType?.FullName}.{method.Name}");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static IReadOnlyList<Exception> Inners(Exception exception)
    {
        if (exception is AggregateException aggregate)
        {
            return Guard<IReadOnlyList<Exception>>(() => aggregate.InnerExceptions) ?? Array.Empty<Exception>();
        }

        var inner = Guard(() => exception.InnerException);
        return inner is null ? Array.Empty<Exception>() : new[] { inner };
    }

    private static Exception Innermost(Exception exception)
    {
        // Bounded: a custom InnerException override could form a cycle.
        for (int i = 0; i < 100; i++)
        {
            var next = Guard(() => exception.InnerException);
            if (next is null)
            {
                break;
            }

            exception = next;
        }

        return exception;
    }

    internal static string Truncate(string stack)
    {
        if (stack.Length <= MaxStackLength)
        {
            return stack;
        }

        int cut = char.IsHighSurrogate(stack[MaxStackLength - 1]) ? MaxStackLength - 1 : MaxStackLength;
        return string.Concat(stack.AsSpan(0, cut), TruncationMarker);
    }

    internal static string Guard(Func<string?> read)
    {
        try
        {
            return read() ?? string.Empty;
        }
#pragma warning disable CA1031 // An exception's own members are user code.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return SafeText.Marker(ex);
        }
    }

    private static T? Guard<T>(Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
#pragma warning disable CA1031 // An exception's own members are user code.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
