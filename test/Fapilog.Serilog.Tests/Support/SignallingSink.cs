using System;
using System.Collections.Generic;
using System.Threading;
using Serilog.Core;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Collects events and sets <see cref="Done"/> once it has seen <c>expected</c> of them.</summary>
internal sealed class SignallingSink : ILogEventSink
{
    private readonly int _expected;
    private readonly List<LogEvent> _events = new();

    public SignallingSink(int expected) => _expected = expected;

    public ManualResetEventSlim Done { get; } = new(false);

    public IReadOnlyList<LogEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToArray();
            }
        }
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_events)
        {
            _events.Add(logEvent);
            if (_events.Count >= _expected)
            {
                Done.Set();
            }
        }
    }

    public void WaitForAll() => Assert.True(Done.Wait(TimeSpan.FromSeconds(30)), $"expected {_expected} events, saw {Events.Count}");
}
