using System;
using System.Collections.Generic;
using Serilog.Debugging;

namespace Fapilog.Serilog.PostgreSql.Tests.Support;

/// <summary>Captures Serilog's SelfLog (a global; this assembly's tests run one at a time).</summary>
internal sealed class SelfLogCapture : IDisposable
{
    private readonly List<string> _lines = new();

    public SelfLogCapture() => SelfLog.Enable(line =>
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    });

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public void Dispose() => SelfLog.Disable();
}
