using System;
using System.IO;

namespace Fapilog.Serilog.Benchmarks.Compare;

/// <summary>
/// One logging setup of the comparison: built fresh for each run, logs the workload's call, closes (which
/// must not return before every event is in the file), and says where its lines went.
/// </summary>
internal abstract class Contender : IDisposable
{
    protected Contender(string directory) => Directory = directory;

    /// <summary>The folder holding this run's log file(s); every file in it is counted.</summary>
    public string Directory { get; }

    /// <summary>The workload's one call: <c>Information("Order {OrderId} for {Customer} took {Elapsed} ms", i, customer, 12.5)</c>.</summary>
    public abstract void Log(int orderId, string customer);

    /// <summary>The realistic workload's call (see <see cref="RealisticEvent"/>); only the comparison's contenders log it.</summary>
    public virtual void LogRealistic(in RealisticCall call) => throw new NotSupportedException("this setup logs the orders workload only");

    /// <summary>Binds the request context the way this library does (on the producer's thread); disposing it unbinds.</summary>
    public virtual IDisposable? BeginRequest(RequestContext request) => throw new NotSupportedException("this setup logs the orders workload only");

    /// <summary>Closes the logger: returns once everything logged is written and the files are closed.</summary>
    public abstract void Close();

    /// <summary>Events that arrived: lines in the folder's files, or what a null sink counted.</summary>
    public virtual long CountDelivered() => LineCounter.CountLines(Directory);

    /// <summary>Bytes in the folder's files (0 for a null sink): with the line count, the setup's line length.</summary>
    public long CountBytes()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        long bytes = 0;
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            bytes += new FileInfo(file).Length;
        }

        return bytes;
    }

    /// <summary>Events the contender itself says it dropped (only Fapilog counts them); -1 when unknown.</summary>
    public virtual long ReportedDrops => -1;

    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a benchmark run for.
        }
    }
}
