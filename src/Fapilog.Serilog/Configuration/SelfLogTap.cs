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
/// The tap is shared: the first collector installs it and the last one removes it, under <see cref="Gate"/>, so
/// pipelines configured on several threads at once do not undo each other. It is removed only while it is still
/// the installed output: if other code enabled or disabled <c>SelfLog</c> meanwhile, that choice stays. Other
/// code that does so between our reading of the field and our <c>Enable</c> is the race left open.
/// </para>
/// </remarks>
internal static class SelfLogTap
{
    private static readonly FieldInfo? OutputField =
        typeof(SelfLog).GetField("_output", BindingFlags.Static | BindingFlags.NonPublic) is { } field
        && field.FieldType == typeof(Action<string>) ? field : null;

    private static readonly object Gate = new();

    // Guarded by Gate: how many collectors run, the installed tap (null when none is) and the output it replaced.
    private static int s_collectors;
    private static Action<string>? s_installed;
    private static Action<string>? s_previous;

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
            Detach(OutputField);
            t_lines = outer;
        }

        return lines;
    }

    private static void Attach(FieldInfo output)
    {
        lock (Gate)
        {
            if (s_collectors++ > 0)
            {
                return;
            }

            var previous = (Action<string>?)output.GetValue(null);
            s_previous = previous;
            SelfLog.Enable(line =>
            {
                t_lines?.Add(line);
                previous?.Invoke(line);
            });
            s_installed = (Action<string>?)output.GetValue(null);
        }
    }

    private static void Detach(FieldInfo output)
    {
        lock (Gate)
        {
            if (--s_collectors > 0)
            {
                return;
            }

            if (s_installed is not null && ReferenceEquals(output.GetValue(null), s_installed))
            {
                if (s_previous is null)
                {
                    SelfLog.Disable();
                }
                else
                {
                    SelfLog.Enable(s_previous);
                }
            }

            s_installed = null;
            s_previous = null;
        }
    }
}
