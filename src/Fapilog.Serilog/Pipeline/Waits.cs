using System;
using System.Threading;
using System.Threading.Tasks;

namespace Fapilog.Serilog;

/// <summary>Bounded waits as the pipeline's public members take them: never throwing, a time limit said as false.</summary>
internal static class Waits
{
    /// <summary>User timeouts within what the wait primitives accept: negative is zero, beyond int.MaxValue ms is infinite.</summary>
    public static TimeSpan Clamp(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan || timeout.TotalMilliseconds > int.MaxValue ? Timeout.InfiniteTimeSpan
        : timeout < TimeSpan.Zero ? TimeSpan.Zero
        : timeout;

    /// <summary>Whether <paramref name="task"/> completed within <paramref name="timeout"/> (false when cancelled).</summary>
    public static async Task<bool> Within(Task task, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
