using System;
using System.Collections.Generic;
using System.Reflection;
using Serilog.Debugging;

namespace Fapilog.Serilog;

/// <summary>
/// Collects the <c>SelfLog</c> lines written on the calling thread while an action runs, and passes every line,
/// from any thread, on to the output that was installed before.
/// </summary>
/// <remarks>
/// <para>
/// Serilog.Settings.Configuration reports a sink it cannot find (a misspelled <c>Name</c>, or arguments no
/// overload takes) only as a <c>SelfLog</c> line, then skips the entry; the configure action of
/// <c>WriteTo.Fapilog</c> gives no other sign of it. Serilog 4.4's <see cref="SelfLog"/> can only be enabled and
/// disabled, so the current output is read from its private <c>_output</c> field in order to forward to it and
/// to put it back. Without that field (a later Serilog) nothing is tapped and <see cref="IsAvailable"/> is false.
/// </para>
/// <para>
/// The tap is installed once and left in place: each <see cref="Collect"/> looks at the current output and, when it
/// is not our tap (the first call, or other code enabled or disabled <c>SelfLog</c> since), wraps that output in a
/// new tap under <see cref="Gate"/>. Nothing is ever uninstalled, so no collector can undo another's tap or a choice
/// other code made, and every line still reaches the output that code chose. The race left open: other code that
/// enables or disables <c>SelfLog</c> between our reading of the field and our <c>Enable</c>, inside a few
/// instructions, loses that choice.
/// </para>
/// </remarks>
internal static class SelfLogTap
{
    private static readonly FieldInfo? OutputField =
        typeof(SelfLog).GetField("_output", BindingFlags.Static | BindingFlags.NonPublic) is { } field
        && field.FieldType == typeof(Action<string>) ? field : null;

    private static readonly object Gate = new();

    // Guarded by Gate: the tap we installed last (the current output, unless other code changed it since).
    private static Action<string>? s_installed;

    // Written and read only by the thread that collects: the tap adds a line to the calling thread's list.
    [ThreadStatic]
    private static List<string>? t_lines;

    /// <summary>Whether this Serilog's <c>SelfLog</c> can be tapped and restored.</summary>
    public static bool IsAvailable => OutputField is not null;

    /// <summary>Runs <paramref name="action"/> and returns the <c>SelfLog</c> lines it wrote on this thread.</summary>
    public static IReadOnlyList<string> Collect(Action action)
    {
        if (OutputField is null)
        {
            action();
            return Array.Empty<string>();
        }

        var outer = t_lines;
        var lines = new List<string>();
        t_lines = lines;
        Attach(OutputField);
        try
        {
            action();
        }
        finally
        {
            t_lines = outer;
        }

        return lines;
    }

    private static void Attach(FieldInfo output)
    {
        lock (Gate)
        {
            var current = (Action<string>?)output.GetValue(null);
            if (current is not null && ReferenceEquals(current, s_installed))
            {
                return;
            }

            SelfLog.Enable(line =>
            {
                t_lines?.Add(line);
                current?.Invoke(line);
            });
            s_installed = (Action<string>?)output.GetValue(null);
        }
    }
}
