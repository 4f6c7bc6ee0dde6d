using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Fapilog.Serilog.Tests.Support;

/// <summary>
/// A push request's body as Loki reads it: <c>{"streams":[{"stream":{labels},"values":[["&lt;unix ns&gt;","&lt;line&gt;"],...]}]}</c>,
/// gzip or deflate decoded first; what <see cref="LoopbackLoki"/> validates and stores.
/// </summary>
internal static partial class LokiPushBody
{
    public static byte[] Decode(byte[] body, string encoding)
    {
        if (encoding.Length == 0)
        {
            return body;
        }

        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "gzip" ? new GZipStream(input, CompressionMode.Decompress) : new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    public static List<(Dictionary<string, string>, List<(long, string)>)> Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var result = new List<(Dictionary<string, string>, List<(long, string)>)>();
        foreach (var stream in document.RootElement.GetProperty("streams").EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var label in stream.GetProperty("stream").EnumerateObject())
            {
                if (!labels.TryAdd(label.Name, label.Value.GetString()!))
                {
                    throw new FormatException($"duplicate label name: '{label.Name}'");
                }
            }

            var values = new List<(long, string)>();
            foreach (var entry in stream.GetProperty("values").EnumerateArray())
            {
                // [ "<unix ns>", "<line>" ], optionally followed by an object of structured metadata.
                if (entry.GetArrayLength() is not (2 or 3))
                {
                    throw new FormatException("an entry is [\"<unix epoch in nanoseconds>\", \"<log line>\"]");
                }

                string ts = entry[0].GetString()!;
                if (ts.Length == 0 || !ts.All(char.IsAsciiDigit) || !long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out long ns))
                {
                    throw new FormatException($"timestamp '{ts}' is not a decimal number of Unix nanoseconds");
                }

                values.Add((ns, entry[1].GetString()!));
            }

            result.Add((labels, values));
        }

        return result;
    }

    public static string? LabelError(Dictionary<string, string> labels)
    {
        var present = labels.Where(l => l.Value.Length > 0).ToList();
        if (present.Count == 0)
        {
            return "error at least one label pair is required per stream";
        }

        var bad = present.FirstOrDefault(l => !LabelName().IsMatch(l.Key));
        return bad.Key is null ? null : $"Error parsing labels '{StreamKey(labels)}' with error: invalid label name '{bad.Key}'";
    }

    /// <summary>A label set as Loki prints it: <c>{app="shop", level="INFO"}</c>, names in order.</summary>
    public static string StreamKey(IReadOnlyDictionary<string, string> labels) =>
        "{" + string.Join(", ", labels.Where(l => l.Value.Length > 0).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={JsonSerializer.Serialize(l.Value)}")) + "}";

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}

/// <summary>One push as the server parsed it.</summary>
internal sealed record LokiPush(IReadOnlyDictionary<string, string> Headers, IReadOnlyList<LokiStream> Streams);

/// <summary>One stream of a push: its labels and its entries as sent.</summary>
internal sealed record LokiStream(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(long Ns, string Line)> Values);

/// <summary>One entry Loki kept.</summary>
internal sealed record LokiEntry(string Tenant, IReadOnlyDictionary<string, string> Labels, string Stream, long Ns, string Line)
{
    public JsonElement Json => JsonDocument.Parse(Line).RootElement;

    /// <summary>The event's <c>N</c>, from an envelope line (<c>log.data.N</c>) or a CLEF one (<c>N</c>).</summary>
    public int Number => Json.TryGetProperty("log", out var log) ? log.GetProperty("data").GetProperty("N").GetInt32() : Json.GetProperty("N").GetInt32();
}
