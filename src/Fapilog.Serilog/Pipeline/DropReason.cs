namespace Fapilog.Serilog;

/// <summary>Why the pipeline dropped an event.</summary>
public enum DropReason
{
    /// <summary>An ordinary event found the queue full (after its wait, in <see cref="QueueFullMode.Wait"/>).</summary>
    QueueFull = 0,

    /// <summary>A protected event waited <see cref="FapilogPipelineOptions.ProtectedMaxWait"/> and the queue stayed full.</summary>
    ProtectedTimeout = 1,

    /// <summary>The event arrived after the pipeline began to close.</summary>
    Closed = 2,

    /// <summary>The event was queued but not written when <see cref="FapilogPipelineOptions.ShutdownTimeout"/> ran out.</summary>
    ShutdownTimeout = 3,
}
