using System;
using System.Threading;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Enrichers;

/// <summary>
/// Adds <see cref="FapilogProperties.ThreadId"/> (the managed thread id) and, when the thread has a name,
/// <see cref="FapilogProperties.ThreadName"/>. The properties are cached per thread, so a thread logs its id
/// and name without allocating.
/// </summary>
internal sealed class ThreadEnricher : ILogEventEnricher
{
    // Each field is written and read only by its own thread, so no synchronisation is needed.
    [ThreadStatic]
    private static LogEventProperty? t_threadId;

    [ThreadStatic]
    private static LogEventProperty? t_threadName;

    // The name string t_threadName was built from: a thread's name can be changed after it started.
    [ThreadStatic]
    private static string? t_threadNameSource;

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        logEvent.AddPropertyIfAbsent(t_threadId ??= new LogEventProperty(
            FapilogProperties.ThreadId, new ScalarValue(Environment.CurrentManagedThreadId)));

        string? name = Thread.CurrentThread.Name;
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        var property = t_threadName;
        if (property is null || !ReferenceEquals(t_threadNameSource, name))
        {
            property = new LogEventProperty(FapilogProperties.ThreadName, new ScalarValue(name));
            t_threadName = property;
            t_threadNameSource = name;
        }

        logEvent.AddPropertyIfAbsent(property);
    }
}
