using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Fapilog.Serilog;

/// <summary>
/// A sleep shorter than a millisecond, which .NET's own waits cannot express (they take whole milliseconds).
/// On Linux it is the C library's <c>nanosleep</c>; elsewhere, or if that call cannot be bound, it is not
/// supported and the writer keeps to its one-millisecond naps.
/// </summary>
internal static class ShortSleep
{
    private static int s_broken;

    /// <summary>Whether <see cref="TrySleep"/> can sleep for less than a millisecond on this platform.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Volatile.Read(ref s_broken) == 0;

    /// <summary>
    /// Sleeps about <paramref name="microseconds"/> (the kernel adds its timer slack, 50 µs by default).
    /// Returns false, and turns itself off for good, when the platform call is missing.
    /// </summary>
    public static bool TrySleep(int microseconds)
    {
        if (!IsSupported)
        {
            return false;
        }

        try
        {
            var request = new TimeSpec { Seconds = microseconds / 1_000_000, Nanoseconds = microseconds % 1_000_000 * 1000 };

            // A signal may end the sleep early (EINTR): harmless, the writer only looks at the queue sooner.
            _ = NanoSleep(ref request, IntPtr.Zero);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref s_broken, 1);
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "nanosleep", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int NanoSleep(ref TimeSpec request, IntPtr remaining);

    // struct timespec on 64-bit Linux: two longs; on 32-bit, two 32-bit words. nint matches both.
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }
}
