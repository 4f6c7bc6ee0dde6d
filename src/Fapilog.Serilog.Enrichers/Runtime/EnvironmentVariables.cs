using System;

namespace Fapilog.Serilog.Enrichers;

/// <summary>Where enrichers read environment variables; tests pass their own lookup instead.</summary>
internal static class EnvironmentVariables
{
    public static Func<string, string?> Process { get; } = Environment.GetEnvironmentVariable;

    /// <summary>The first variable among <paramref name="names"/> that is set to a non-blank value.</summary>
    public static string? First(Func<string, string?> lookup, params string[] names)
    {
        foreach (string name in names)
        {
            string? value = lookup(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }
}
