namespace Fapilog.Serilog;

/// <summary>What redaction does with an event when it cannot check a value (a <c>ToString</c> that throws, a broken value type).</summary>
public enum RedactionFailureMode
{
    /// <summary>The value that could not be checked is replaced by the mask, the event is written and the failure counted. The default.</summary>
    MaskValue,

    /// <summary>The whole event is dropped: counted failed (and as a redaction failure), reported to SelfLog, written nowhere.</summary>
    DropEvent,
}
