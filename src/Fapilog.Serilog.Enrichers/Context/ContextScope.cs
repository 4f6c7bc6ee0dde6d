using System;
using System.Threading;

namespace Fapilog.Serilog.Enrichers;

/// <summary>The handle of one binding: disposing it removes exactly that binding, once.</summary>
internal sealed class ContextScope : IDisposable
{
    // Written by Dispose from any thread; the exchange makes a second Dispose (or a racing one) a no-op.
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            FapilogContext.Unbind(this);
        }
    }
}
