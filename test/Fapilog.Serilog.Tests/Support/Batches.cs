using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Serilog.Events;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>Helpers for batch-sink tests: batches of numbered events, and reading back JSON-lines files.</summary>
internal static class Batches
{
    public static FapilogEvent[] Of(params LogEvent[] events) => events.Select(FapilogEvent.Standalone).ToArray();

    public static FapilogEvent[] Numbered(int from, int count) => Of(Enumerable.Range(from, count).Select(n => Some.Numbered(n)).ToArray());

    /// <summary>Reads a file that a sink may still hold open.</summary>
    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The <c>n</c> of every line, each line parsed as JSON.</summary>
    public static IReadOnlyList<int> NumbersIn(string text)
        => text.Split('\n', System.StringSplitOptions.RemoveEmptyEntries)
            .Select(line => { using var doc = JsonDocument.Parse(line); return doc.RootElement.GetProperty("n").GetInt32(); })
            .ToList();

    public static IReadOnlyList<int> NumbersInFile(string path) => NumbersIn(ReadShared(path));

    public static string[] FileNames(string folder)
        => Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).OrderBy(n => n, System.StringComparer.Ordinal).ToArray() : System.Array.Empty<string>();
}
