using System;
using System.IO;
using System.Linq;

namespace Fapilog.Serilog.Sample;

/// <summary>What the sample shows after the quick start (Program.cs, the README's code verbatim) has run.</summary>
internal static class RunOutput
{
    /// <summary>Prints the last <paramref name="count"/> envelope lines of the newest file in <paramref name="folder"/>.</summary>
    public static void PrintLastLines(string folder, int count)
    {
        // A restart appends to the current file, so show only this run's lines.
        string file = Directory.GetFiles(folder, "app*.jsonl").OrderBy(f => File.GetLastWriteTimeUtc(f)).Last();
        Console.WriteLine();
        Console.WriteLine($"--- last lines of {file}");
        foreach (string line in File.ReadLines(file).TakeLast(count))
        {
            Console.WriteLine(line);
        }
    }
}
