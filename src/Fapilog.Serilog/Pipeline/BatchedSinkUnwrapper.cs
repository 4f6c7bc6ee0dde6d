using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Serilog.Core;

namespace Fapilog.Serilog;

/// <summary>
/// Finds the batched sink inside the wrappers that would give it a second queue, so that our writer can drive it
/// natively (<see cref="NativeBatchedSink"/>):
/// <list type="bullet">
/// <item><c>wt.Sink(batched, batchingOptions)</c> hands us Serilog 4's internal <c>BatchingSink</c>: its own
/// bounded channel (which drops silently when full), a timer loop and retry state that a shutdown loses.</item>
/// <item><c>wt.Sink(new PeriodicBatchingSink(batched, options))</c> (PeriodicBatching 5) is a <c>BatchingSink</c>
/// around an adapter from its own <c>IBatchedLogEventSink</c> to Serilog's.</item>
/// </list>
/// </summary>
/// <remarks>
/// <para>Both keep the sink they wrap in a private field (<c>_targetSink</c>, in Serilog 4.0–4.4 and PeriodicBatching
/// 5.0). We take it out, put a sink that does nothing in its place, and dispose the wrapper at once, so its loop
/// ends and it cannot dispose the sink we now drive. The wrapper has received no event at that point: it is
/// unwrapped while the logger is being configured.</para>
/// <para>Should a later version change those fields, nothing breaks: the wrapper is kept as a plain sink, with
/// its own queue, and a SelfLog line says so. Sinks whose batched class is internal to their package (Seq 9,
/// OpenTelemetry 4) are never visible here; they keep their own queue (see the README).</para>
/// </remarks>
internal static class BatchedSinkUnwrapper
{
    private const string BatchingSinkName = "Serilog.Core.Sinks.Batching.BatchingSink";
    private const string PeriodicBatchingSinkName = "Serilog.Sinks.PeriodicBatching.PeriodicBatchingSink";
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The wrappers' fields are read when present; when trimmed away, the wrapper is kept as a plain sink.")]
    public static bool TryUnwrap(ILogEventSink sink, BatchedSinkSettings settings, SelfLogReporter reporter, [NotNullWhen(true)] out NativeBatchedSink? native)
    {
        native = null;
        string? name = sink.GetType().FullName;
        if (name == PeriodicBatchingSinkName)
        {
            // Its _targetSink is the BatchingSink that holds the adapter; the PeriodicBatchingSink itself is disposed
            // at close (a subclass of the legacy inheritance API frees its resources in Dispose(bool)).
            var field = sink.GetType().GetField("_targetSink", Private);
            if (field?.GetValue(sink) is ILogEventSink inner && inner.GetType().FullName == BatchingSinkName
                && TryRetire(inner, out var target, out int limit))
            {
                field.SetValue(sink, new NothingSink());
                native = new NativeBatchedSink(target, limit, settings, sink as IDisposable, reporter);
                return true;
            }
        }
        else if (name == BatchingSinkName && TryRetire(sink, out var target, out int limit))
        {
            native = new NativeBatchedSink(target, limit, settings, retired: null, reporter);
            return true;
        }
        else
        {
            return false;
        }

        reporter.Error($"could not take the batched sink out of {sink.GetType().Name}: it keeps its own queue and timer, and our counters count what it accepted");
        return false;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "See TryUnwrap.")]
    private static bool TryRetire(ILogEventSink batchingSink, [NotNullWhen(true)] out IBatchedLogEventSink? target, out int batchSizeLimit)
    {
        target = null;
        batchSizeLimit = 0;
        var type = batchingSink.GetType();
        var targetField = type.GetField("_targetSink", Private);
        var limitField = type.GetField("_batchSizeLimit", Private);
        if (targetField?.GetValue(batchingSink) is not IBatchedLogEventSink found || limitField?.GetValue(batchingSink) is not int limit)
        {
            return false;
        }

        targetField.SetValue(batchingSink, new NothingSink());
        (batchingSink as IDisposable)?.Dispose();
        target = found;
        batchSizeLimit = limit;
        return true;
    }

    /// <summary>Put in a retired wrapper's place: disposing the wrapper then disposes nothing of the user's.</summary>
    private sealed class NothingSink : IBatchedLogEventSink, ILogEventSink
    {
        public System.Threading.Tasks.Task EmitBatchAsync(System.Collections.Generic.IReadOnlyCollection<global::Serilog.Events.LogEvent> batch) =>
            System.Threading.Tasks.Task.CompletedTask;

        public void Emit(global::Serilog.Events.LogEvent logEvent)
        {
        }
    }
}
