using System;

namespace Fapilog.Serilog;

/// <summary>
/// A sink that takes a whole batch in one call. Placed inside <c>WriteTo.Fapilog(...)</c>, it is called on
/// the pipeline's writer thread with up to <c>BatchSizeLimit</c> events, in order; every other Serilog sink
/// gets <c>Emit</c> once per event instead.
/// </summary>
/// <remarks>
/// <para>Calls come from one thread at a time, never concurrently, so an implementation needs no locks for
/// state it touches only here. The span is valid only during the call: copy what must outlive it.</para>
/// <para>Throwing from <see cref="EmitBatch"/> marks every event of the batch as failed for this sink; the
/// pipeline counts it, reports it to <c>SelfLog</c>, and goes on with the next batch (events are not retried).
/// Throwing <see cref="PartialBatchException"/> after writing the rest marks only the events it names.
/// Other sinks of the pipeline are not affected.</para>
/// <para>The interface is shaped like Serilog 4's <c>IBatchedLogEventSink</c>, but synchronous and
/// span-based: the writer thread is dedicated, so there is nothing to gain from a task per batch.</para>
/// </remarks>
public interface IFapilogBatchSink
{
    /// <summary>Writes a batch. Buffering is allowed until <see cref="Flush"/>.</summary>
    /// <param name="batch">The events, in pipeline order.</param>
    void EmitBatch(ReadOnlySpan<FapilogEvent> batch);

    /// <summary>
    /// Hands whatever is buffered to the operating system (or the network). The writer thread calls it when
    /// its queue runs empty ("flush before wait"), on an explicit pipeline flush, and before disposal.
    /// </summary>
    void Flush();
}
