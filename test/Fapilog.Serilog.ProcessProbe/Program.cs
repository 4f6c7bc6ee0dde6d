using System;
using System.IO;
using System.Text;
using Fapilog.Serilog;
using Serilog;

namespace Fapilog.Serilog.ProcessProbe;

/// <summary>
/// Usage: <c>ProcessProbe (return|crash) FILE COUNT</c>. Logs COUNT events through a pipeline into FILE, then
/// returns from Main without <c>Log.CloseAndFlush()</c>, or dies of an unhandled exception right after
/// <c>Log.Fatal</c>. Either way the pipeline's process-exit drain must get every event into the file.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        string mode = args[0];
        string file = args[1];
        int count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);

        Log.Logger = new LoggerConfiguration()
            .WriteTo.Fapilog(wt => wt.Sink(new LineFileSink(file)), new FapilogSinkOptions { Name = "probe" })
            .CreateLogger();

        for (int i = 0; i < count; i++)
        {
            Log.Information("Event {N}", i);
        }

        switch (mode)
        {
            case "return":
                return 0;
            case "crash":
                Log.Fatal("Dying {N}", count);
                throw new InvalidOperationException("unhandled on purpose");
            default:
                Console.Error.WriteLine("unknown mode " + mode);
                return 2;
        }
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
