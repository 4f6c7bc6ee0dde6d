using System;
using System.Collections.Generic;

namespace Fapilog.Serilog.Enrichers.Tests.Support;

/// <summary>Environment variables for one test, never the process's.</summary>
internal static class FakeEnvironment
{
    public static Func<string, string?> Of(params (string Name, string? Value)[] variables)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            map[name] = value;
        }

        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    public static Func<string, string?> Empty { get; } = _ => null;
}
