using System;
using System.Diagnostics;

namespace Fapilog.Serilog;

/// <summary>
/// Checks that run in Debug builds only (the test suite runs them; a release build compiles them away): which thread
/// a member runs on, which lock it holds, and that the counters add up. Prose says why an invariant holds; these
/// catch the day it stops holding.
/// </summary>
internal static class Invariants
{
    /// <summary>Throws <see cref="InvariantViolationException"/> when <paramref name="condition"/> is false (Debug only).</summary>
    [Conditional("DEBUG")]
    public static void Holds(bool condition, string invariant)
    {
        if (!condition)
        {
            throw new InvariantViolationException(invariant);
        }
    }

    /// <summary>
    /// Debug only: <paramref name="owner"/> (a field, 0 until first use) remembers the first thread that calls, and every
    /// later call must come from it. For state that one thread owns (the writer's) without a lock.
    /// </summary>
    [Conditional("DEBUG")]
    public static void OwnedBy(ref int owner, string what)
    {
        int me = System.Environment.CurrentManagedThreadId;
        int first = System.Threading.Interlocked.CompareExchange(ref owner, me, 0);
        Holds(first == 0 || first == me, $"{what} is used by its owner thread only (thread {first}, not {me})");
    }
}

/// <summary>An internal invariant of the pipeline did not hold: a bug of ours, never the application's.</summary>
internal sealed class InvariantViolationException : Exception
{
    public InvariantViolationException()
    {
    }

    public InvariantViolationException(string invariant)
        : base("Fapilog invariant broken: " + invariant)
    {
    }

    public InvariantViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
