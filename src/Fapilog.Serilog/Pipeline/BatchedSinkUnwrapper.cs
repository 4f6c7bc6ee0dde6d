using System;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog;

/// <summary>
/// Finds the batched sink inside the wrappers that would give it a second queue, so that our writer can drive it
/// natively (<see cref="NativeBatchedSink"/>):
/// <list type="bullet">
/// <item><c>wt.Sink(batched, batchingOptions)</c> hands us Serilog 4's internal <c>BatchingSink</c>: its own
/// bounded channel (which drops silently when full), a timer loop and retry state that a shutdown loses. With a
/// <c>restrictedToMinimumLevel</c>, Serilog puts its level filter (<c>RestrictedSink</c>) around it, and (from 4.4)
/// a wrapper around both that forwards the optional interfaces (<c>OptionalInterfaceForwardingSink</c>).</item>
/// <item><c>wt.Sink(new PeriodicBatchingSink(batched, options))</c> (PeriodicBatching 5), or a subclass of
/// <c>PeriodicBatchingSink</c> (its older inheritance API), is a <c>BatchingSink</c> around an adapter from
/// PeriodicBatching's own <c>IBatchedLogEventSink</c> to Serilog's.</item>
/// </list>
/// </summary>
/// <remarks>
/// <para>These wrappers keep what they wrap in private fields (<c>_targetSink</c> and <c>_batchSizeLimit</c>;
/// <c>_sink</c> and <c>_levelSwitch</c>; <c>_sink</c>), the same in Serilog 4.0–4.4 and PeriodicBatching 5.0. We take the sink out,
/// put a sink that does nothing in its place, and dispose the <c>BatchingSink</c> at once, so its loop ends and it
/// cannot dispose the sink we now drive. It has received no event at that point: it is unwrapped while the logger is
/// being configured. A sink instance placed inside a pipeline belongs to that pipeline from then on.</para>
/// <para>Should a later version change those fields, nothing breaks: the wrapper is kept as a plain sink with its
/// own queue, and a SelfLog line says so. Sinks that hide a <c>BatchingSink</c> inside a sink of their own (Seq 9,
/// OpenTelemetry 4) are not looked into; they keep their own queue (see the README).</para>
/// </remarks>
internal static class BatchedSinkUnwrapper
{
    private const string BatchingSinkName = "Serilog.Core.Sinks.Batching.BatchingSink";
    private const string RestrictedSinkName = "Serilog.Core.Sinks.RestrictedSink";
    private const string ForwardingSinkName = "Serilog.Core.Sinks.OptionalInterfaceForwardingSink";
    private const string PeriodicBatchingSinkName = "Serilog.Sinks.PeriodicBatching.PeriodicBatchingSink";
    private const BindingFlags Private = BindingFlags.Instance | BindingFlags.NonPublic;

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "The wrappers' fields are read when present; when trimmed away, the wrapper is kept as a plain sink.")]
    public static bool TryUnwrap(ILogEventSink sink, BatchedSinkSettings settings, SelfLogReporter reporter, [NotNullWhen(true)] out NativeBatchedSink? native)
    {
        native = null;
        Func<LogEvent, bool>? include = null;
        var outer = sink;
        if (sink.GetType().FullName == ForwardingSinkName && sink.GetType().GetField("_sink", Private)?.GetValue(sink) is ILogEventSink wrapped)
        {
            // Serilog 4.4 puts a level-restricted sink behind a wrapper that forwards its optional interfaces.
            sink = wrapped;
        }

        if (sink.GetType().FullName == RestrictedSinkName)
        {
            // restrictedToMinimumLevel on a batched sink: keep the level filter, drop the wrapper.
            var inner = sink.GetType().GetField("_sink", Private)?.GetValue(sink) as ILogEventSink;
            var levelSwitch = sink.GetType().GetField("_levelSwitch", Private)?.GetValue(sink) as LoggingLevelSwitch;
            if (inner is null || levelSwitch is null || !IsBatchingWrapper(inner))
            {
                return false;
            }

            include = e => e.Level >= levelSwitch.MinimumLevel;
            sink = inner;
        }

        var periodic = PeriodicBatchingBase(sink.GetType());
        if (periodic is not null)
        {
            var field = periodic.GetField("_targetSink", Private);
            if (field?.GetValue(sink) is ILogEventSink batching && batching.GetType().FullName == BatchingSinkName
                && TryRetire(batching, out var target, out int limit))
            {
                field.SetValue(sink, new NothingSink());
                if (periodic != sink.GetType() && periodic.GetField("_inheritanceApi", Private)?.GetValue(sink) is true)
                {
                    include = Both(include, CanInclude(sink, periodic));
                }

                // The PeriodicBatchingSink itself is disposed at close: a subclass frees its resources in Dispose(bool).
                native = new NativeBatchedSink(target, limit, settings, sink as IDisposable, reporter, include);
                return true;
            }
        }
        else if (sink.GetType().FullName == BatchingSinkName)
        {
            if (TryRetire(sink, out var target, out int limit))
            {
                native = new NativeBatchedSink(target, limit, settings, retired: null, reporter, include);
                return true;
            }
        }
        else
        {
            return false;
        }

        reporter.Error($"could not take the batched sink out of {outer.GetType().Name}: it keeps its own queue and timer, and our counters count what it accepted");
        return false;
    }

    private static bool IsBatchingWrapper(ILogEventSink sink) =>
        sink.GetType().FullName == BatchingSinkName || PeriodicBatchingBase(sink.GetType()) is not null;

    private static Type? PeriodicBatchingBase(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.FullName == PeriodicBatchingSinkName)
            {
                return type;
            }
        }

        return null;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "See TryUnwrap.")]
    private static Func<LogEvent, bool>? CanInclude(ILogEventSink sink, Type periodic)
    {
        var method = periodic.GetMethod("CanInclude", Private, new[] { typeof(LogEvent) });
        return method is null ? null : (Func<LogEvent, bool>)Delegate.CreateDelegate(typeof(Func<LogEvent, bool>), sink, method);
    }

    private static Func<LogEvent, bool>? Both(Func<LogEvent, bool>? first, Func<LogEvent, bool>? second) =>
        first is null ? second : second is null ? first : e => first(e) && second(e);

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
        public System.Threading.Tasks.Task EmitBatchAsync(System.Collections.Generic.IReadOnlyCollection<LogEvent> batch) =>
            System.Threading.Tasks.Task.CompletedTask;

        public void Emit(LogEvent logEvent)
        {
        }
    }
}
