using System;

namespace Fapilog.Serilog;

/// <summary>
/// Thrown by the redaction stage under <see cref="RedactionFailureMode.DropEvent"/> when a value cannot be checked:
/// the stage seam then fails the event closed (counted failed, reported to SelfLog, written nowhere). Its message
/// names the property, never the value.
/// </summary>
internal sealed class RedactionFailedException : Exception
{
    public RedactionFailedException(string message, Exception inner)
        : base($"redaction failed: {message} ({inner.GetType().Name})", inner)
    {
    }
}
