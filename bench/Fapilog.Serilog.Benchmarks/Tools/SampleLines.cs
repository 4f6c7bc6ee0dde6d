using System;
using System.Buffers;
using System.IO;
using System.Text;
using Fapilog.Serilog.Benchmarks.Micro;
using Fapilog.Serilog.Formatting;
using Serilog.Formatting.Json;

namespace Fapilog.Serilog.Benchmarks.Tools;

/// <summary>Prints the workload's event in each format with its size: what the comparison writes per event.</summary>
internal static class SampleLines
{
    public static int Run()
    {
        var e = FapilogEvent.Standalone(BenchEvents.Workload());
        Print("envelope", new FapilogEnvelopeFormatter(), e);
        Print("CLEF", new ClefFormatter(), e);
        Print("rendered CLEF", new RenderedClefFormatter(), e);
        var text = new StringWriter();
        new JsonFormatter(renderMessage: true).Format(e.LogEvent, text);
        Console.WriteLine($"Serilog JsonFormatter(renderMessage: true), {Encoding.UTF8.GetByteCount(text.ToString())} bytes:\n{text}");
        return 0;
    }

    private static void Print(string name, IUtf8EventFormatter formatter, FapilogEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        formatter.Format(in e, buffer);
        Console.WriteLine($"{name}, {buffer.WrittenCount} bytes:\n{Encoding.UTF8.GetString(buffer.WrittenSpan)}");
    }
}
