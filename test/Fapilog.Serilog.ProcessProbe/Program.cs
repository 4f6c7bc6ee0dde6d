using System;
using System.IO;
using System.Text;
using System.Threading;
using Serilog;

namespace Fapilog.Serilog.ProcessProbe;

/// <summary>
/// Usage: <c>ProcessProbe MODE FILE COUNT</c>. Logs COUNT events through a pipeline named "probe" into FILE, then
/// ends as MODE says:
/// <list type="bullet">
/// <item><c>return</c> / <c>crash</c>: a test-only line sink; returns from Main without <c>Log.CloseAndFlush()</c>,
/// or dies of an unhandled exception right after <c>Log.Fatal</c>.</item>
/// <item><c>file-return</c> / <c>file-crash</c>: the same with the real <c>FapilogFile</c> output (envelope lines,
/// no rolling, so FILE is the exact file name).</item>
/// <item><c>batched-term</c>: a Serilog 4 batched sink (<c>wt.Sink(batched, batchingOptions)</c>, with an hour's
/// buffering time) that appends each batch to FILE; prints <c>logged</c> and blocks until the test sends SIGTERM. Our
/// writer drives it natively, so the SIGTERM flush reaches it; behind Serilog's own batching the hour would lose
/// every event.</item>
/// <item><c>file-kill</c>: the real file output with <c>flushToDisk</c>; flushes the pipeline, prints
/// <c>flushed</c> on standard output and blocks until the test kills it.</item>
/// <item><c>file-term</c>: the real file output; prints <c>logged</c> without any flush and blocks until the test
/// sends SIGTERM (what <c>docker stop</c> and Kubernetes send). The runtime does not raise ProcessExit for it in
/// a plain console app: the signal's default action ends the process.</item>
/// <item><c>audit-kill</c>: see <see cref="AuditKill"/>.</item>
/// </list>
/// Either way the pipeline must get every event (every flushed one, for a kill) into the file. The <c>http-</c> modes
/// (the HTTP output and its disk spool) are in <see cref="HttpModes"/>.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string mode = args[0];
        if (mode.StartsWith("http-", StringComparison.Ordinal))
        {
            return HttpModes.Run(args);
        }

        if (mode == "audit-kill")
        {
            return AuditKill(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3]);
        }

        string file = args[1];
        int count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        bool realFile = mode.StartsWith("file-", StringComparison.Ordinal);

        Log.Logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt =>
                {
                    if (mode == "batched-term")
                    {
                        wt.Sink(new LineBatchedSink(file), new global::Serilog.Configuration.BatchingOptions { BufferingTimeLimit = TimeSpan.FromHours(1) });
                    }
                    else if (realFile)
                    {
                        wt.FapilogFile(file, rollingInterval: FapilogRollingInterval.Infinite, flushToDisk: mode == "file-kill");
                    }
                    else
                    {
                        wt.Sink(new LineFileSink(file));
                    }
                },
                new FapilogPipelineOptions { Name = "probe" })
            .CreateLogger();

        for (int i = 0; i < count; i++)
        {
            Log.Information("Event {N}", i);
        }

        switch (mode)
        {
            case "return":
            case "file-return":
                return 0;
            case "crash":
            case "file-crash":
                Log.Fatal("Dying {N}", count);
                throw new InvalidOperationException("unhandled on purpose");
            case "file-term":
            case "batched-term":
                Console.Out.WriteLine("logged");
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite); // SIGTERM ends the process through AppDomain.ProcessExit
                return 3;
            case "file-kill":
                var flushed = FapilogPipelines.Get("probe").Flush(TimeSpan.FromMinutes(1));
                Console.Out.WriteLine(flushed.TimedOut ? "flush timed out" : "flushed");
                Console.Out.Flush();
                Thread.Sleep(Timeout.Infinite); // the test kills the process (SIGKILL) now
                return 3;
            default:
                Console.Error.WriteLine("unknown mode " + mode);
                return 2;
        }
    }

    /// <summary>
    /// <c>audit-kill FILE COUNT KEYFILE</c>: the audit trail (key k1 from KEYFILE, flushToDisk) gets COUNT audit
    /// events and a flush, prints <c>flushed</c>, then keeps writing audit events until the test kills it, so
    /// that the kill lands in the middle of the writing.
    /// </summary>
    private static int AuditKill(string file, int count, string keyFile)
    {
        Log.Logger = new LoggerConfiguration()
            .WriteTo.Fapilog(
                wt => wt.FapilogAuditTrail(file, FapilogAuditKey.FromFile("k1", keyFile), rollingInterval: FapilogRollingInterval.Infinite),
                new FapilogPipelineOptions { Name = "probe" })
            .CreateLogger();
        for (int i = 0; i < count; i++)
        {
            Log.Logger.Audit("Audit {N}", i);
        }

        var flushed = FapilogPipelines.Get("probe").Flush(TimeSpan.FromMinutes(1));
        Console.Out.WriteLine(flushed.TimedOut ? "flush timed out" : "flushed");
        Console.Out.Flush();
        for (int i = count; ; i++)
        {
            Log.Logger.Audit("Audit {N} {Padding}", i, new string('x', 2000));
        }
    }

    /// <summary>A Serilog 4 batched sink: each batch is appended to the file as one write.</summary>
    private sealed class LineBatchedSink : global::Serilog.Core.IBatchedLogEventSink, IDisposable
    {
        private readonly FileStream _stream;

        public LineBatchedSink(string path) => _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);

        public System.Threading.Tasks.Task EmitBatchAsync(System.Collections.Generic.IReadOnlyCollection<global::Serilog.Events.LogEvent> batch)
        {
            var text = new StringBuilder();
            foreach (var logEvent in batch)
            {
                text.Append(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }

            _stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
            _stream.Flush();
            return System.Threading.Tasks.Task.CompletedTask;
        }

        public void Dispose() => _stream.Dispose();
    }

    /// <summary>A batch sink that buffers lines and writes them on Flush, like a real output.</summary>
    private sealed class LineFileSink : IFapilogBatchSink, global::Serilog.Core.ILogEventSink, IDisposable
    {
        private readonly FileStream _stream;
        private readonly StringBuilder _buffer = new();

        public LineFileSink(string path) => _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);

        public void EmitBatch(ReadOnlySpan<FapilogEvent> batch)
        {
            foreach (var e in batch)
            {
                Emit(e.LogEvent);
            }
        }

        public void Emit(global::Serilog.Events.LogEvent logEvent) =>
            _buffer.Append(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');

        public void Flush()
        {
            var bytes = Encoding.UTF8.GetBytes(_buffer.ToString());
            _buffer.Clear();
            _stream.Write(bytes);
            _stream.Flush();
        }

        public void Dispose()
        {
            Flush();
            _stream.Dispose();
        }
    }
}
