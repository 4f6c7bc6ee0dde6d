using System;
using System.Collections.Concurrent;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A sink that JSON configuration can name (<c>{ "Name": "DisposalProbe", "Args": { "id": "..." } }</c>: the test
/// assembly's name contains "Serilog", so Serilog.Settings.Configuration scans it) and that records its disposal.
/// </summary>
public static class DisposalProbe
{
    private static readonly ConcurrentDictionary<string, bool> Disposed = new(StringComparer.Ordinal);

    public static LoggerConfiguration DisposalProbeSink(this LoggerSinkConfiguration writeTo, string id)
    {
        Disposed[id] = false;
        return writeTo.Sink(new Probe(id));
    }

    /// <summary>Whether the probe named <paramref name="id"/> was created and then disposed.</summary>
    public static bool WasDisposed(string id) => Disposed.TryGetValue(id, out bool disposed) && disposed;

    private sealed class Probe(string id) : ILogEventSink, IDisposable
    {
        public void Emit(LogEvent logEvent)
        {
        }

        public void Dispose() => Disposed[id] = true;
    }
}
