using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;

namespace Fapilog.Serilog.Formatting;

/// <summary>
/// Property names encoded once as <see cref="JsonEncodedText"/>: applications use a bounded vocabulary of
/// names, so after warm-up no name is escaped or transcoded again.
/// </summary>
internal sealed class PropertyNameCache
{
    // Bounded so that names generated at run time (a bug, or an attack) cannot grow memory without limit;
    // names beyond the bound are simply encoded on every write.
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, JsonEncodedText> _names = new(System.StringComparer.Ordinal);
    private readonly bool _doubleLeadingAt;
    private int _count;

    private PropertyNameCache(bool doubleLeadingAt) => _doubleLeadingAt = doubleLeadingAt;

    /// <summary>Names as they are (the envelope's <c>data</c>, structures).</summary>
    public static PropertyNameCache Plain { get; } = new(false);

    /// <summary>CLEF top-level names: a leading <c>@</c> is doubled so it cannot clash with <c>@t</c>, <c>@mt</c>…</summary>
    public static PropertyNameCache Clef { get; } = new(true);

    public void Write(Utf8JsonWriter writer, string name) => writer.WritePropertyName(Encoded(name));

    /// <summary>The name, escaped for a JSON key (without quotes).</summary>
    public JsonEncodedText Encoded(string name)
    {
        if (_names.TryGetValue(name, out var encoded))
        {
            return encoded;
        }

        encoded = Encode(name);
        if (Volatile.Read(ref _count) < MaxEntries && _names.TryAdd(name, encoded))
        {
            Interlocked.Increment(ref _count);
        }

        return encoded;
    }

    private JsonEncodedText Encode(string name)
    {
        string text = _doubleLeadingAt && name.Length > 0 && name[0] == '@' ? "@" + name : name;
        return JsonEncodedText.Encode(SafeText.ReplaceLoneSurrogates(SafeText.Limit(text)), JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
    }
}
