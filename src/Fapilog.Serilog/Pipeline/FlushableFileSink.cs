using System;
using System.Reflection;
using Serilog.Core;

namespace Fapilog.Serilog;

/// <summary>
/// Serilog.Sinks.File's <c>IFlushableFileSink</c>, reached without a reference to that package: the core package
/// must not make every user take Serilog.Sinks.File. The interface has had one method, <c>FlushToDisk()</c>, since
/// Serilog.Sinks.File 3, and its full name has not changed.
/// </summary>
internal static class FlushableFileSink
{
    private const string InterfaceName = "Serilog.Sinks.File.IFlushableFileSink";

    /// <summary>A call to the sink's <c>FlushToDisk()</c>, or <see langword="null"/> when it has none.</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Looked up when present; when trimmed away, the sink is flushed as a plain sink.")]
    public static Action? TryBind(ILogEventSink sink)
    {
        // Serilog 4.4 puts a sink added with a restrictedToMinimumLevel behind a wrapper that forwards its optional
        // interfaces (the failure listener) but not Serilog.Sinks.File's: the sink itself is its _receiver.
        if (sink.GetType().FullName == "Serilog.Core.Sinks.OptionalInterfaceForwardingSink"
            && sink.GetType().GetField("_receiver", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(sink) is ILogEventSink receiver)
        {
            sink = receiver;
        }

        var type = sink.GetType().GetInterface(InterfaceName);
        var method = type?.GetMethod("FlushToDisk", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        return method is null ? null : (Action)Delegate.CreateDelegate(typeof(Action), sink, method);
    }
}
