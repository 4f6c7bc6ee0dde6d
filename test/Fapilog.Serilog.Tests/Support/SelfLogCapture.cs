using System;
using System.Collections.Generic;
using Serilog.Debugging;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Captures Serilog's SelfLog (a global): use only in the non-parallel <see cref="SelfLogCollection"/>.</summary>
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

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    /// <summary>
    /// What the pipeline named <paramref name="pipeline"/> wrote, without the timestamp SelfLog puts in front of each
    /// line; a test that counts lines gives its pipeline a name no other test uses.
    /// </summary>
    public IReadOnlyList<string> MessagesOf(string pipeline)
    {
        string prefix = $"Fapilog pipeline '{pipeline}': ";
        var messages = new List<string>();
        foreach (var line in Lines)
        {
            string message = line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                messages.Add(message);
            }
        }

        return messages;
    }

    public void Dispose() => SelfLog.Disable();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SelfLogCollection
{
    public const string Name = "SelfLog";
}

/// <summary>
/// Tests that measure process-wide state (allocations through the formatters' shared template caches, which a
/// test logging thousands of random templates churns) run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "Runs alone";
}
