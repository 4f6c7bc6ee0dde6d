using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;

namespace Fapilog.Serilog;

/// <summary>
/// The pipeline's own reaction to the process ending (<see cref="FapilogPipelineOptions.FlushOnProcessExit"/>):
/// ProcessExit closes it, an unhandled exception and SIGTERM flush it, each within
/// <see cref="FapilogPipelineOptions.ProcessExitTimeout"/>.
/// </summary>
/// <remarks>
/// <para>A seam a host turns off: a host that owns the shutdown (ASP.NET Core's lifetime, a worker's stop) calls
/// <see cref="FapilogPipeline.DetachProcessExitHooks"/> and closes the pipeline itself, at the point of its shutdown
/// it chooses. Detaching is idempotent and safe from any thread; a close detaches too. A notification the process is
/// delivering at that moment may still run its handler once, as with any .NET event.</para>
/// <para>Why SIGTERM flushes and does not close: in a plain console app it does not raise ProcessExit (the signal's
/// default action ends the process, and the queue with it). Flushing from the signal's handler writes everything
/// when nobody cancels the signal, and leaves the pipeline open for the logging of a graceful shutdown when a host
/// cancels it.</para>
/// </remarks>
internal sealed class ProcessExitHooks
{
    private IDisposable[]? _installed;

    private ProcessExitHooks(IDisposable[] installed) => _installed = installed;

    /// <summary>
    /// Installs the hooks on <paramref name="events"/>: <paramref name="close"/> on exit, <paramref name="flush"/>
    /// otherwise. When one cannot be installed, those installed before it are removed again and the error is thrown.
    /// </summary>
    public static ProcessExitHooks Install(IProcessEvents events, Action close, Action flush)
    {
        var installed = new List<IDisposable>(3);
        try
        {
            installed.Add(events.OnExit(close));
            installed.Add(events.OnUnhandledException(flush));
            installed.Add(events.OnSigterm(flush));
        }
        catch
        {
            new ProcessExitHooks(installed.ToArray()).Detach();
            throw;
        }

        return new ProcessExitHooks(installed.ToArray());
    }

    /// <summary>Removes the hooks; true the first time, when there were hooks to remove.</summary>
    public bool Detach()
    {
        var installed = Interlocked.Exchange(ref _installed, null);
        if (installed is null)
        {
            return false;
        }

        Exception? first = null;
        foreach (var hook in installed)
        {
            try
            {
                hook.Dispose();
            }
            catch (Exception ex)
            {
                first ??= ex; // the others are removed all the same
            }
        }

        if (first is not null)
        {
            throw new InvalidOperationException("a process-exit hook could not be removed", first);
        }

        return true;
    }
}

/// <summary>Where process-ending notifications come from (the process itself; tests raise them by hand).</summary>
internal interface IProcessEvents
{
    IDisposable OnExit(Action handler);

    IDisposable OnUnhandledException(Action handler);

    IDisposable OnSigterm(Action handler);
}

/// <summary>The process's own notifications: AppDomain events and a POSIX signal registration.</summary>
internal sealed class SystemProcessEvents : IProcessEvents
{
    public static readonly SystemProcessEvents Instance = new();

    private SystemProcessEvents()
    {
    }

    public IDisposable OnExit(Action handler)
    {
        EventHandler hook = (_, _) => handler();
        AppDomain.CurrentDomain.ProcessExit += hook;
        return new Unhook(() => AppDomain.CurrentDomain.ProcessExit -= hook);
    }

    public IDisposable OnUnhandledException(Action handler)
    {
        UnhandledExceptionEventHandler hook = (_, _) => handler();
        AppDomain.CurrentDomain.UnhandledException += hook;
        return new Unhook(() => AppDomain.CurrentDomain.UnhandledException -= hook);
    }

    public IDisposable OnSigterm(Action handler)
    {
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => handler());
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or IOException or System.ComponentModel.Win32Exception)
        {
            // Platforms without signals, or a refusal to install the handler: ProcessExit and UnhandledException
            // still apply, and configuring a logger must not fail for this.
            return new Unhook(static () => { });
        }
    }

    private sealed class Unhook(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
