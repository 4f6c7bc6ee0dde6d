using System;

namespace Fapilog.Serilog;

/// <summary>
/// An exception as redaction leaves it: carries the original's text (<see cref="Exception.Message"/>, <see cref="StackTrace"/>,
/// <see cref="ToString"/>) with the value patterns applied, so that every formatter that reads an exception's text
/// (the envelope's <c>error.*</c>, CLEF's <c>@x</c>, the console) writes the redacted text. The envelope also writes
/// the original's type name and frames (names of methods and files, not values) through <see cref="Original"/>.
/// </summary>
internal sealed class RedactedException : Exception
{
    private readonly string _text;
    private readonly string? _stackTrace;

    public RedactedException(Exception original, string message, string text, string? stackTrace, Exception? inner)
        : base(message, inner)
    {
        Original = original;
        _text = text;
        _stackTrace = stackTrace;
    }

    /// <summary>The exception that was logged (never written as text: only its type and frames are read).</summary>
    public Exception Original { get; }

    /// <inheritdoc />
    public override string? StackTrace => _stackTrace;

    /// <inheritdoc />
    public override string ToString() => _text;
}
